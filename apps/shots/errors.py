from apps.core.exceptions import ApplicationError, PermissionDenied


class StreamNotLive(ApplicationError):
    code = "stream_not_live"


class NotScorekeeper(PermissionDenied):
    code = "not_scorekeeper"


class ShotInvalid(ApplicationError):
    code = "shot_invalid"


# --- Shot challenges -------------------------------------------------------------------------
class ShotChallengeRefused(ApplicationError):
    """This viewer may not challenge this stream now (signed out, their own stream, not live, turned off,
    restricted)."""

    code = "shot_challenge_refused"


class ShotChallengeInvalid(ApplicationError):
    """The challenge's text, price or kind of shot."""

    code = "shot_challenge_invalid"


class ShotChallengeNotFound(ApplicationError):
    code = "shot_challenge_not_found"
    status = 404


class ShotChallengeClosed(ApplicationError):
    """The challenge is past the step asked for (already accepted, attempted, declined or expired)."""

    code = "shot_challenge_closed"
    status = 409
