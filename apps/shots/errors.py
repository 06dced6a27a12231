from apps.core.exceptions import ApplicationError, PermissionDenied


class StreamNotLive(ApplicationError):
    code = "stream_not_live"


class NotScorekeeper(PermissionDenied):
    code = "not_scorekeeper"


class ShotInvalid(ApplicationError):
    code = "shot_invalid"
