from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class ClipRefused(ApplicationError):
    """This clip cannot be made: the stream is not live (nor recorded), or the range is out of reach."""

    code = "clip_refused"


class ClipInvalid(ApplicationError):
    code = "clip_invalid"


class ClipNotFound(NotFound):
    code = "clip_not_found"


class NotClipOwner(PermissionDenied):
    code = "not_clip_owner"


# --- Highlights ------------------------------------------------------------------------------


class HighlightNotFound(NotFound):
    code = "highlight_not_found"


class HighlightsCreatorOnly(PermissionDenied):
    """A stream's highlights are its creator's to review until they publish one."""

    code = "highlights_creator_only"


class HighlightClipNotReady(Conflict):
    """Publishing a highlight whose clip is still being cut, failed, or was deleted."""

    code = "highlight_clip_not_ready"
