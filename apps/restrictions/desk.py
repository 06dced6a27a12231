"""The moderators' desk: the queues other apps add their item types to, and the word that one of
them changed.

The desk (`/moderation/`, apps.moderation) shows one panel per registered queue; it imports none of
the apps that fill them. An app registers its queue from its AppConfig.ready():

    register(DeskQueue(name="disputes", title="Tournament disputes", count=..., items=..., template=...))

and, after a write that adds, changes or removes an item, calls `announce(name, item_id, op,
channel_id)`: once the transaction commits, every open desk that may see the item gets an `MQ`
frame on `/ws/moderation/` and refreshes that panel. Platform moderators' desks share one group;
each channel's moderators have a group of their own, so a channel's item reaches only its desks
and the platform's.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from apps.realtime.broadcast import broadcast
from apps.realtime.protocol import Code

# Group names (apps.realtime: dots, never colons).
PLATFORM_DESK_GROUP = "moderation.platform"


def channel_desk_group(channel_id: int) -> str:
    """The group of the desks of one channel's moderators (the channel: its creator's id)."""
    return f"moderation.channel.{channel_id}"


@dataclass(frozen=True)
class DeskScope:
    """Whose desk: `channel_ids` None for a platform moderator (everything), else the channels
    (creators' ids) the user moderates, never empty (apps.moderation.selectors.desk.desk_scope)."""

    user: Any
    channel_ids: frozenset[int] | None

    @property
    def platform(self) -> bool:
        return self.channel_ids is None

    def covers(self, channel_id: int | None) -> bool:
        """May this desk see an item of `channel_id` (None: a platform-wide item)?"""
        return self.platform or (channel_id is not None and channel_id in self.channel_ids)


class Op(StrEnum):
    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"


@dataclass(frozen=True)
class DeskQueue:
    """One kind of item moderators work through.

    - `count(scope) -> int`: the items waiting for this desk;
    - `items(scope, limit) -> Sequence`: the oldest `limit` of them, ready for `template`;
    - `template`: renders the panel's body with `queue`, `items`, `count` and `scope` in context;
    - `platform_only`: only platform moderators see it (verification, disputes, signup bursts);
    - `order`: where the panel stands on the desk, lowest first.
    """

    name: str
    title: str
    count: Callable[[DeskScope], int]
    items: Callable[[DeskScope, int], Sequence]
    template: str
    platform_only: bool = False
    order: int = 100

    def shown_to(self, scope: DeskScope) -> bool:
        return scope.platform or not self.platform_only


_queues: dict[str, DeskQueue] = {}


def register(queue: DeskQueue) -> None:
    """Add a queue to the desk (from an AppConfig.ready()). Registering the same one again changes
    nothing; a second queue under a taken name is a mistake caught at startup."""
    existing = _queues.get(queue.name)
    if existing is not None and existing != queue:
        raise ImproperlyConfigured(f"the desk queue {queue.name!r} is registered twice")
    _queues[queue.name] = queue


def queues(scope: DeskScope | None = None) -> list[DeskQueue]:
    """The registered queues in desk order; with `scope`, those that desk shows."""
    shown = (queue for queue in _queues.values() if scope is None or queue.shown_to(scope))
    return sorted(shown, key=lambda queue: (queue.order, queue.name))


def queue_named(name: str) -> DeskQueue | None:
    return _queues.get(name)


def announce(queue: str, item_id: int | str, op: Op | str, channel_id: int | None = None) -> None:
    """After the current transaction commits, tell the desks that may see it that `item_id` of
    `queue` was added, changed or removed: the platform's desks always, and the desks of
    `channel_id`'s moderators when the item belongs to a channel."""
    if queue not in _queues:
        raise ValueError(f"no desk queue is named {queue!r}")
    data = {"queue": queue, "id": item_id, "op": str(Op(op))}
    broadcast(PLATFORM_DESK_GROUP, Code.DESK_UPDATE, data)
    if channel_id is not None and not _queues[queue].platform_only:
        broadcast(channel_desk_group(channel_id), Code.DESK_UPDATE, data)
