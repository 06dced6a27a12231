"""What a restriction does on streams at once (registered with apps.restrictions.hooks from
StreamingConfig.ready(), run inside the moderator's transaction, frames after its commit):

- a timeout, ban or warning: the user's sockets on the channel's open streams get an `ER` frame
  with its code, reason and end (`until`, ms; null: until lifted), each preceded by that socket's
  own `MY` (their chat input disables with the reason shown);
- a ban: their earlier messages on those streams are hidden for everyone (`CD`);
- a platform ban: the same on every open stream, and their stream and `/ws/me/` sockets are closed;
- lifted or acknowledged: their sockets get their `MY` again;
- a shadow hide: nothing (the user is not told; the chat service hides their new lines).
"""

from collections import defaultdict

from django.utils import timezone

from apps.realtime.broadcast import broadcast, broadcast_together, close_members, refresh_members
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code
from apps.restrictions.models import Restriction, RestrictionKind
from apps.restrictions.rules import restriction_error
from apps.streaming.events import stream_group, stream_user_group
from apps.streaming.models import OPEN_STATUSES, ChatMessage, Stream


def _open_streams(restriction: Restriction) -> list:
    streams = Stream.objects.filter(status__in=OPEN_STATUSES)
    if restriction.channel_id is not None:
        streams = streams.filter(creator_id=restriction.channel_id)
    return list(streams.values_list("pk", flat=True))


def on_restricted(restriction: Restriction) -> None:
    if restriction.kind == RestrictionKind.SHADOW:
        return
    stream_ids = _open_streams(restriction)
    user_id = restriction.user_id
    if restriction.lifted_at is not None or restriction.acknowledged_at is not None:
        for stream_id in stream_ids:
            refresh_members(stream_user_group(stream_id, user_id))
        return
    error = restriction_error(restriction)
    frame = {"code": error.code, "detail": error.detail, **error.extra()}
    everywhere = restriction.channel_id is None
    for stream_id in stream_ids:
        if everywhere:
            close_members(stream_user_group(stream_id, user_id), Code.ERROR, frame, close_code=4000 + error.status)
        else:
            broadcast(stream_user_group(stream_id, user_id), Code.ERROR, frame, refresh=True)
    if everywhere:
        close_members(user_group(user_id), Code.ERROR, frame, close_code=4000 + error.status)
    if restriction.kind == RestrictionKind.BAN:
        _hide_earlier_messages(restriction, stream_ids)


def _hide_earlier_messages(restriction: Restriction, stream_ids: list) -> None:
    """Delete the banned user's lines on those streams, as a moderator deleting each would."""
    shown = ChatMessage.objects.filter(stream_id__in=stream_ids, user_id=restriction.user_id, deleted_at__isnull=True)
    by_stream = defaultdict(list)
    for message_id, stream_id in shown.values_list("pk", "stream_id"):
        by_stream[stream_id].append(message_id)
    if not by_stream:
        return
    ChatMessage.objects.filter(pk__in=[pk for ids in by_stream.values() for pk in ids]).update(
        deleted_at=timezone.now(), deleted_by_id=restriction.created_by_id
    )
    for stream_id, message_ids in by_stream.items():
        broadcast_together(stream_group(stream_id), [(Code.CHAT_DELETED, {"id": pk}) for pk in message_ids])
