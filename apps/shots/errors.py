from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class NotScorekeeper(PermissionDenied):
    """Only the stream's creator and the channel's moderators record its shots."""

    code = "not_scorekeeper"


class StreamNotLive(Conflict):
    code = "stream_not_live"


class UnknownShotType(ApplicationError):
    code = "unknown_shot_type"


class InvalidSpot(ApplicationError):
    code = "invalid_spot"


class NothingToUndo(Conflict):
    code = "nothing_to_undo"


class ShotSettledChallenge(Conflict):
    """The shot was a paid challenge's attempt: the coins have moved, so it stands."""

    code = "shot_settled_challenge"


# --- Shot challenges -------------------------------------------------------------------------
class ShotChallengeRefused(ApplicationError):
    """This viewer may not challenge this stream now (signed out, their own stream, not live, turned off,
    restricted)."""

    code = "shot_challenge_refused"


class ShotChallengeInvalid(ApplicationError):
    """The challenge's text, price or kind of shot."""

    code = "shot_challenge_invalid"


class ShotChallengeNotFound(NotFound):
    code = "shot_challenge_not_found"


class ShotChallengeClosed(Conflict):
    """The challenge is past the step asked for (already accepted, attempted, declined or expired)."""

    code = "shot_challenge_closed"
