"""Who may clip a stream, see a clip, and delete it: read by the services, pages and API."""

from apps.clips.errors import ClipNotFound, HighlightClipNotReady, HighlightsCreatorOnly, NotClipOwner
from apps.clips.models import Clip, ClipStatus, Highlight
from apps.core.exceptions import ApplicationError
from apps.streaming.errors import LoginRequired
from apps.streaming.models import Stream
from apps.streaming.rules import is_owner, watch_problem


def clip_problem(stream, user) -> ApplicationError | None:
    """Why `user` may not clip `stream`: clipping is for signed-in viewers who may watch it."""
    if not (user and user.is_authenticated):
        return LoginRequired("Sign in to clip this stream.")
    return watch_problem(stream, user)


def clip_view_problem(clip: Clip, user) -> ApplicationError | None:
    """A clip is its stream's content: the stream's rule; and a clip not yet published (a highlight
    waiting for review) exists only for the creator. Never says which."""
    if is_owner(clip.stream, user):
        return None
    if watch_problem(clip.stream, user) or not clip.published:
        return ClipNotFound("No such clip.")
    return None


def clip_delete_problem(clip: Clip, user) -> ApplicationError | None:
    if problem := clip_view_problem(clip, user):
        return problem
    if not is_owner(clip.stream, user):
        return NotClipOwner("Only the stream's creator can delete its clips.")
    return None


# --- Highlights ------------------------------------------------------------------------------


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
