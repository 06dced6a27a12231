"""`/ws/moderation/`: the moderators' desk, live. Signed-in moderators only: a platform moderator's
socket joins the platform's desk group, a channel moderator's the group of each channel they
moderate (apps.restrictions.desk); anyone else is told why (`ER`) and closed with 4403. The welcome
is how many items wait in each queue the desk shows (`MC`); after it, an `MQ` for every item added
to, changed in or removed from a queue, on which the page refreshes that panel."""

from channels.db import database_sync_to_async

from apps.moderation.selectors.desk import desk_scope, queue_counts
from apps.realtime.consumers import FrameConsumer, Refusal
from apps.realtime.protocol import Code, encode_frame
from apps.restrictions.desk import PLATFORM_DESK_GROUP, DeskScope, channel_desk_group

CLOSE_FORBIDDEN = 4403


def desk_groups(scope: DeskScope | None) -> list[str]:
    if scope is None:
        return []
    if scope.platform:
        return [PLATFORM_DESK_GROUP]
    return [channel_desk_group(channel_id) for channel_id in sorted(scope.channel_ids)]


class DeskConsumer(FrameConsumer):
    requires_login = True

    async def get_groups(self) -> list[str]:
        self.scope_of_desk = await database_sync_to_async(desk_scope)(self.user)
        return desk_groups(self.scope_of_desk)

    async def authorize(self) -> Refusal | None:
        # Asked again on a recheck: a moderator removed since is let go.
        self.scope_of_desk = await database_sync_to_async(desk_scope)(self.user)
        if self.scope_of_desk is None:
            return Refusal(CLOSE_FORBIDDEN, "not_moderator", "Only moderators can open the moderators' desk.")
        return None

    async def on_connected(self) -> None:
        counts = await database_sync_to_async(queue_counts)(self.scope_of_desk)
        self.push_first(encode_frame(Code.DESK_COUNTS, {"counts": counts}))
