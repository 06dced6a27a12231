# --- Highlights ------------------------------------------------------------------------------
from apps.clips.errors import HighlightClipNotReady, HighlightsCreatorOnly
from apps.clips.models import ClipStatus, Highlight
from apps.streaming.models import Stream


def highlights_review_problem(stream: Stream, user) -> HighlightsCreatorOnly | None:
    """May this user see the stream's highlight queue and publish or discard its highlights."""
    if not (user.is_authenticated and user.pk == stream.creator_id):
        return HighlightsCreatorOnly("Only the stream's creator reviews its highlights.")
    return None


def highlight_review_problem(highlight: Highlight, user) -> HighlightsCreatorOnly | None:
    return highlights_review_problem(highlight.stream, user)


def highlight_publish_problem(highlight: Highlight, user) -> HighlightsCreatorOnly | HighlightClipNotReady | None:
    if problem := highlight_review_problem(highlight, user):
        return problem
    clip = highlight.clip
    if clip is None:
        return HighlightClipNotReady("This highlight's clip was deleted: there is nothing to publish.")
    if clip.status == ClipStatus.PENDING:
        return HighlightClipNotReady("This highlight's clip is still being cut. Try again in a minute.")
    if clip.status == ClipStatus.FAILED:
        return HighlightClipNotReady("This highlight's clip could not be cut: there is nothing to publish.")
    return None
