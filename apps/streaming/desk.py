"""Held chat messages on the moderators' desk (apps.restrictions.desk): the queue's name, and the
announcement each change makes (held, approved, denied or expired here, on the stream page, or
through the API), so open desks show it at once (MQ). The desk's panel is moderation's
(apps/moderation/desk_queues.py), beside its reports and appeals."""

from apps.restrictions.desk import Op, announce

HELD = "held"


def announce_held(message, op: Op) -> None:
    """After the commit: a held message entered (ADD) or left (REMOVE) the desks of its channel."""
    announce(HELD, message.pk, op, message.stream.creator_id)
