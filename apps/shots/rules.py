"""Who may record shots on a stream (read by the tracker's service, the scorekeeper page, the
studio's link and the API)."""

from apps.core.exceptions import ApplicationError
from apps.restrictions.rules import is_channel_moderator
from apps.shots.errors import NotScorekeeper, StreamNotLive
from apps.streaming.models import Status, Stream


def scorekeep_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not record (or undo) shots on `stream` now, or None: its creator and the
    channel's moderators keep score, and only while it is live."""
    if not is_channel_moderator(user, stream.creator_id):
        return NotScorekeeper("Only the stream's creator and its channel moderators can keep score.")
    if stream.status != Status.LIVE:
        return StreamNotLive("Shots are recorded only while the stream is live.")
    return None
