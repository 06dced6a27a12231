"""Realtime vocabulary of notifications: `NC` on /ws/me/, the user's unread count, after commit."""

from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code


def send_unread_counts(counts: dict[int, int]) -> None:
    for user_id, unread in counts.items():
        broadcast(user_group(user_id), Code.NOTIFICATION_COUNT, {"unread": unread})
