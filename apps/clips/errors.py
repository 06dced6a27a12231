from apps.core.exceptions import Conflict, NotFound, PermissionDenied

# --- Highlights ------------------------------------------------------------------------------


class HighlightNotFound(NotFound):
    code = "highlight_not_found"


class HighlightsCreatorOnly(PermissionDenied):
    """A stream's highlights are its creator's to review until they publish one."""

    code = "highlights_creator_only"


class HighlightClipNotReady(Conflict):
    """Publishing a highlight whose clip is still being cut, failed, or was deleted."""

    code = "highlight_clip_not_ready"
