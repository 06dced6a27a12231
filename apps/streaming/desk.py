"""Streaming's queue on the moderators' desk (apps.restrictions.desk): chat messages AutoMod held,
from the channels the desk moderates, oldest first. Approved or denied there, on the stream page,
or through `POST /api/v1/moderation/held/<id>/approve|deny`; each change reaches open desks (MQ)."""

from apps.restrictions.desk import DeskQueue, DeskScope, Op, announce, register
from apps.streaming import selectors

HELD = "held"


def _held(scope: DeskScope):
    return selectors.held_queue(scope.user, channel_ids=None if scope.platform else scope.channel_ids)


def _count(scope: DeskScope) -> int:
    return _held(scope).count()


def _items(scope: DeskScope, limit: int) -> list:
    return list(_held(scope)[:limit])


def announce_held(message, op: Op) -> None:
    """After the commit: a held message entered (ADD) or left (REMOVE) the desks of its channel."""
    announce(HELD, message.pk, op, message.stream.creator_id)


def register_queue() -> None:
    register(
        DeskQueue(
            name=HELD,
            title="Held chat messages",
            count=_count,
            items=_items,
            template="streaming/_desk_held.html",
            order=20,
        )
    )
