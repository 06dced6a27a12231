from apps.core.exceptions import ApplicationError, NotFound, PermissionDenied


class ClipRefused(ApplicationError):
    """This clip cannot be made: the stream is not live (nor recorded), or the range is out of reach."""

    code = "clip_refused"


class ClipInvalid(ApplicationError):
    code = "clip_invalid"


class ClipNotFound(NotFound):
    code = "clip_not_found"


class NotClipOwner(PermissionDenied):
    code = "not_clip_owner"
