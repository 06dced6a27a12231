"""Realtime payloads of gifting: GF (a gift, for the animation), TP (a tip, pinned at the top of
chat), LB (the gifter leaderboard) and GL (the donation goal)."""

from apps.gifting import selectors
from apps.gifting.models import tip_tier_named
from apps.realtime.broadcast import broadcast, broadcast_together
from apps.realtime.protocol import Code
from apps.streaming.events import author_payload, message_payload, stream_group

ANONYMOUS = {"n": "Anonymous"}


def gift_payload(send) -> dict:
    gift = send.gift
    return {
        "id": send.pk,
        "g": {
            "id": gift.pk,
            "name": gift.name,
            "emoji": gift.emoji,
            "cost": send.unit_cost,
            "anim": gift.animation,
            "fx": gift.screen_effect,
            "ms": gift.duration_ms,
            "rarity": gift.rarity,
            "icon": gift.icon.url if gift.icon else None,
            "sound": gift.sound.url if gift.sound else None,
        },
        "q": send.quantity,
        "coins": send.total_coins,
        "earn": selectors.creator_share(send),
        "from": ANONYMOUS if send.is_anonymous else author_payload(send.sender),
        "msg": send.message,
        "combo": {"id": send.combo_id or send.pk, "n": send.combo_count},
    }


def send_gift(send, chat_line) -> None:
    """The gift's chat line (CM), then GF for the animation, in one channel-layer message."""
    frames = [(Code.CHAT_MESSAGE, message_payload(chat_line)), (Code.GIFT, gift_payload(send))]
    broadcast_together(stream_group(send.stream_id), frames)


def tip_payload(tip) -> dict:
    pinned_until = tip.pinned_until
    return {
        "id": tip.pk,
        "coins": tip.coins,
        "msg": tip.message,
        "from": author_payload(tip.sender),
        "tier": tip.tier,
        "color": tip_tier_named(tip.tier).color,
        "pin_until": int(pinned_until.timestamp() * 1000) if pinned_until else None,
    }


def send_tip(tip, chat_line) -> None:
    """The tip's chat line (CM), then TP to pin it, in one channel-layer message."""
    frames = [(Code.CHAT_MESSAGE, message_payload(chat_line)), (Code.TIP, tip_payload(tip))]
    broadcast_together(stream_group(tip.stream_id), frames)


def leaderboard_payload(rows) -> dict:
    return {
        "top": [
            {
                "rank": rank,
                "coins": row.coins,
                "who": author_payload(row.sender) if row.sender_id else ANONYMOUS,
            }
            for rank, row in enumerate(rows, start=1)
        ]
    }


def send_leaderboard(stream_id, rows) -> None:
    broadcast(stream_group(stream_id), Code.LEADERBOARD, leaderboard_payload(rows), coalesce=True)


def _goal(totals) -> dict:
    return {
        "title": totals.donation_goal_title,
        "target": totals.donation_goal_target,
        "progress": totals.donation_goal_progress,
        "reached": totals.donation_goal_reached_at is not None,
    }


def goal_payload(stream) -> dict:
    """The stream's donation goal as it is now (the GL of a socket's welcome)."""
    return _goal(selectors.gift_totals(stream=stream))


def send_goal(totals) -> None:
    """The goal changed (a gift, a new goal): GL, coalesced, with `totals` (a StreamGiftTotals)."""
    broadcast(stream_group(totals.stream_id), Code.GOAL_PROGRESS, _goal(totals), coalesce=True)
