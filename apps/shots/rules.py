"""Who may do what with the shot tracker and shot challenges."""

from apps.core.exceptions import ApplicationError
from apps.restrictions.rules import is_channel_moderator
from apps.shots.errors import NotScorekeeper, StreamNotLive
from apps.streaming.models import Status, Stream


def scorekeep_problem(stream: Stream, user) -> ApplicationError | None:
    if not is_channel_moderator(user, stream.creator_id):
        return NotScorekeeper("Only the creator and the channel's moderators keep score.")
    if stream.status != Status.LIVE:
        return StreamNotLive("Shots are recorded while the stream is live.")
    return None
