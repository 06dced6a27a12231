from apps.core.exceptions import ApplicationError, Conflict, PermissionDenied


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
