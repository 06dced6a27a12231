"""Who may clip a stream, see a clip, and delete it: read by the services, pages and API."""

from apps.clips.errors import ClipNotFound, NotClipOwner
from apps.clips.models import Clip
from apps.core.exceptions import ApplicationError
from apps.streaming.errors import LoginRequired
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
