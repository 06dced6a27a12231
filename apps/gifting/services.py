"""Sending a gift or a tip: one transaction for the coins, the record, the totals, the leaderboard
and the goal (a tip counts in them as one gift of its coins). The donation goal is set with the
stream's other settings (stream_create, stream_update), which hand it to `goal_save` here
(apps.streaming.domain_events.stream_settings)."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone

from apps.core.bounds import column_range, text_limit
from apps.core.scheduling import pending_run_started, run_after
from apps.gifting import events, rules, selectors
from apps.gifting.domain_events import GIFT_SENT, gift_hooks
from apps.gifting.errors import GiftInvalid, TipInvalid, UnknownGift
from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals, Tip, TipTier, tip_tier_for, tip_tiers
from apps.restrictions import automod
from apps.streaming import services as streaming
from apps.streaming.errors import StreamInvalid
from apps.streaming.models import MessageKind, Stream
from apps.streaming.rules import is_moderator
from apps.wallet import selectors as wallet_selectors
from apps.wallet import services as wallet
from apps.wallet.errors import IdempotencyConflict
from apps.wallet.models import TransferKind

MAX_QUANTITY = column_range(GiftSend, "quantity")[1]
MAX_MESSAGE = text_limit(GiftSend, "message")
# The same sender sending the same gift again within this window continues a combo (x2, x3...).
COMBO_WINDOW = timedelta(seconds=5)
# The leaderboard is read at most twice a second per stream, after the gifts commit, not inside
# every gift's transaction (viewers get LB at most once a second anyway: the hub coalesces it).
LEADERBOARD_PERIOD_SECONDS = 0.5
GOAL_TITLE_MAX_LENGTH = text_limit(StreamGiftTotals, "donation_goal_title")


def _check(*, stream: Stream, sender, gift_id, quantity, message) -> Gift:
    if problem := rules.gift_problem(stream, sender, with_message=isinstance(message, str) and bool(message.strip())):
        raise problem
    gift = Gift.objects.on_sale().filter(pk=gift_id).first() if str(gift_id).isdigit() else None
    if gift is None:
        raise UnknownGift("That gift is not available.", field="gift_id")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise GiftInvalid(f"Send between 1 and {MAX_QUANTITY} at a time.", field="quantity")
    if not isinstance(message, str) or len(message) > MAX_MESSAGE:
        raise GiftInvalid(f"The message is at most {MAX_MESSAGE} characters.", field="message")
    if message.strip() and _held_by_automod(stream=stream, sender=sender, message=message):
        raise GiftInvalid(
            "The channel's chat filter holds this message: change it, or send the gift without one.", field="message"
        )
    return gift


def _held_by_automod(*, stream: Stream, sender, message: str) -> bool:
    """The message goes into the chat with the gift or tip: what AutoMod would hold there is not
    sent (the channel's team is not filtered, as in chat)."""
    return bool(automod.check_message(stream.creator_id, message)) and not is_moderator(stream, sender)


def _client_key(kind: str, sender, idempotency_key: str | None) -> str | None:
    # Hashed: the client's key may be as long as the column itself.
    return f"{kind}:{sender.pk}:{hashlib.sha256(idempotency_key.encode()).hexdigest()}" if idempotency_key else None


def _combo(*, stream: Stream, sender, gift: Gift, anonymous: bool) -> tuple[int | None, int]:
    # An anonymous gift never continues a named combo (that would give its sender away).
    previous = (
        GiftSend.objects.filter(
            stream=stream,
            sender=sender,
            gift=gift,
            is_anonymous=anonymous,
            created_at__gte=timezone.now() - COMBO_WINDOW,
        )
        .order_by("-id")
        .values("pk", "combo_id", "combo_count")
        .first()
    )
    if previous is None:
        return None, 1
    return previous["combo_id"] or previous["pk"], previous["combo_count"] + 1


# The sender's row (one row for all anonymous gifts) made or added to in one statement; Django's
# upsert (bulk_create update_conflicts) can only overwrite a column, not add to it. updated_at
# moves too: on equal totals, whoever got there first ranks higher.
_ADD_TO_LEADERBOARD_SQL = """
INSERT INTO {table} (stream_id, sender_id, coins, gifts, updated_at) VALUES (%s, %s, %s, 1, %s)
ON CONFLICT {unique} DO UPDATE SET
    coins = {table}.coins + excluded.coins, gifts = {table}.gifts + 1, updated_at = excluded.updated_at
"""
_NAMED_ROW, _ANONYMOUS_ROW = "(stream_id, sender_id)", "(stream_id) WHERE sender_id IS NULL"


def _add_to_leaderboard(*, stream: Stream, sender, coins: int, anonymous: bool) -> None:
    connection = connections[StreamGifter.objects.db]
    sql = _ADD_TO_LEADERBOARD_SQL.format(
        table=StreamGifter._meta.db_table, unique=_ANONYMOUS_ROW if anonymous else _NAMED_ROW
    )
    params = [
        Stream._meta.pk.get_db_prep_value(stream.pk, connection),
        None if anonymous else sender.pk,
        coins,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class _PaidMeanwhile(Exception):
    """The same idempotency key paid in a concurrent request: undo this one's writes, replay that one."""

    def __init__(self, transfer_id: int):
        self.transfer_id = transfer_id


def _once(*, key: str | None, pay: Callable, replay: Callable):
    """`pay()` unless the wallet already paid `key`; then (or if a concurrent request paid it
    meanwhile) `replay(transfer_id)`: the first payment's record."""
    if key and (paid := wallet_selectors.transfer_id_for_key(idempotency_key=key)):
        return replay(paid)
    try:
        return pay()
    except _PaidMeanwhile as paid:
        return replay(paid.transfer_id)


def _pay_creator(*, stream: Stream, payer, amount: int, kind: str, key, memo: str, write: Callable):
    """wallet_spend to the stream's creator, `write(transfer)` (which returns the caller's row) as
    its record. Raises _PaidMeanwhile when a concurrent request paid the key (no record written)."""
    recorded = []
    transfer = wallet.wallet_spend(
        payer=payer,
        amount=amount,
        recipient=stream.creator,
        kind=kind,
        reference=f"stream:{stream.pk}",
        idempotency_key=key,
        memo=memo,
        record=lambda transfer: recorded.append(write(transfer)),
    )
    if not recorded:
        raise _PaidMeanwhile(transfer.pk)
    return recorded[0]


def _replay(*, transfer_id: int, stream: Stream, gift: Gift, quantity: int, message: str, anonymous: bool) -> GiftSend:
    replayed = GiftSend.objects.select_related("gift", "sender__profile").get(transfer_id=transfer_id)
    first = (replayed.stream_id, replayed.gift_id, replayed.quantity, replayed.message, replayed.is_anonymous)
    if first != (stream.pk, gift.pk, quantity, message, anonymous):
        raise IdempotencyConflict("This idempotency key was already used for a different gift.")
    return replayed


def gift_send(
    *,
    stream: Stream,
    sender,
    gift_id,
    quantity: int = 1,
    message: str = "",
    is_anonymous: bool = False,
    idempotency_key: str | None = None,
) -> GiftSend:
    """Send `quantity` of a gift to a live stream. Raises InsufficientCoins (nothing written)
    when the sender's wallet cannot pay; frames go out after commit. A repeated idempotency key
    returns the first gift (IdempotencyConflict if it was a different one)."""
    gift = _check(stream=stream, sender=sender, gift_id=gift_id, quantity=quantity, message=message)
    message = message.strip()
    key = _client_key("gift", sender, idempotency_key)
    replay = {"stream": stream, "gift": gift, "quantity": quantity, "message": message, "anonymous": is_anonymous}
    return _once(
        key=key,
        pay=lambda: _send(
            stream=stream,
            sender=sender,
            gift=gift,
            quantity=quantity,
            message=message,
            is_anonymous=is_anonymous,
            key=key,
        ),
        replay=lambda transfer_id: _replay(transfer_id=transfer_id, **replay),
    )


@transaction.atomic(durable=True)
def _send(*, stream: Stream, sender, gift: Gift, quantity: int, message: str, is_anonymous: bool, key) -> GiftSend:
    """One transaction, never inside another (a caller's transaction would hold the rows below
    until it commits). Every gift into a stream locks the same rows (the creator's earnings, the
    platform's revenue, the stream's totals, a battle's side), in the order written in
    apps/gifting/domain_events.py: they come last (the wallet writes the gift's record before its
    legs), so each gift holds them for a few statements before its commit, not for all its work."""
    total = gift.coin_cost * quantity
    combo_id, combo_count = _combo(stream=stream, sender=sender, gift=gift, anonymous=is_anonymous)
    _add_to_leaderboard(stream=stream, sender=sender, coins=total, anonymous=is_anonymous)
    who = "Anonymous" if is_anonymous else sender.public_name
    line = f"{who} sent {gift.emoji} {gift.name}" + (f" ×{quantity}" if quantity > 1 else "")
    chat_line = streaming.chat_post_system(
        stream=stream,
        content=f"{line}: {message}" if message else line,
        kind=MessageKind.GIFT,
        user=None if is_anonymous else sender,
        announce=False,
    )
    # Before any shared row is locked: what the apps above need to know (a battle being fought).
    prepared = [(hook, hook.prepare(stream=stream, sender=sender, gift=gift)) for hook in gift_hooks]

    def record(transfer) -> GiftSend:
        # Written between the transfer's row and its legs, so only the legs and the totals below
        # run while the shared rows are locked. Its frames are encoded here, sent after commit.
        send = GiftSend.objects.create(
            stream=stream,
            sender=sender,
            recipient=stream.creator,
            gift=gift,
            quantity=quantity,
            unit_cost=gift.coin_cost,
            total_coins=total,
            message=message,
            is_anonymous=is_anonymous,
            transfer_id=transfer.pk,
            combo_id=combo_id,
            combo_count=combo_count,
        )
        events.send_gift(send, chat_line)
        return send

    send = _pay_creator(stream=stream, payer=sender, amount=total, kind=TransferKind.GIFT, key=key,
                        memo=f"{quantity} × {gift.name}", write=record)  # fmt: skip
    totals, goal_reached = _add_to_totals(stream=stream, coins=total)
    for hook, state in prepared:  # after the totals row: the hooks' rows come last in the lock order
        hook.apply(send=send, prepared=state)
    _after_totals(stream=stream, totals=totals, goal_reached=goal_reached)
    GIFT_SENT.publish(
        gift_send_id=send.pk,
        stream_id=str(stream.pk),
        sender_id=sender.pk,
        recipient_id=stream.creator_id,
        coins=total,
    )
    return send


# The stream's totals and goal made or added to in one statement, so a gift holds the row (which
# every gift into the stream shares) for one round trip: the totals move, the goal is marked reached
# by the gift that reaches it, and what a gift shows comes back (raw() converts the returned row
# like a query's; Django's update() returns none).
_ADD_TO_TOTALS_SQL = """
INSERT INTO {table} (stream_id, gifts_count, gift_coins, donation_goal_title, donation_goal_target,
    donation_goal_progress, donation_goal_reached_at)
VALUES (%(id)s, 1, %(coins)s, '', 0, %(coins)s, NULL)
ON CONFLICT (stream_id) DO UPDATE SET
    gifts_count = {table}.gifts_count + 1,
    gift_coins = {table}.gift_coins + %(coins)s,
    donation_goal_progress = {table}.donation_goal_progress + %(coins)s,
    donation_goal_reached_at = CASE
        WHEN {table}.donation_goal_reached_at IS NULL AND {table}.donation_goal_target > 0
             AND {table}.donation_goal_progress + %(coins)s >= {table}.donation_goal_target THEN %(now)s
        ELSE {table}.donation_goal_reached_at END
RETURNING stream_id, gifts_count, gift_coins, donation_goal_title, donation_goal_target, donation_goal_progress,
    donation_goal_reached_at, donation_goal_reached_at = %(now)s AS reached_now
"""


def _add_to_totals(*, stream: Stream, coins: int) -> tuple[StreamGiftTotals, bool]:
    """Add a gift to the stream's totals and its goal. Returns them, and whether this gift reached the goal."""
    connection = connections[StreamGiftTotals.objects.db]
    params = {
        "coins": coins,
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "id": Stream._meta.pk.get_db_prep_value(stream.pk, connection),
    }
    sql = _ADD_TO_TOTALS_SQL.format(table=StreamGiftTotals._meta.db_table)
    totals = next(iter(StreamGiftTotals.objects.raw(sql, params)))
    if totals.donation_goal_target:
        events.send_goal(totals)
    return totals, bool(totals.reached_now)


def _after_totals(*, stream: Stream, totals: StreamGiftTotals, goal_reached: bool) -> None:
    """What every gift or tip does once the totals moved: the goal's chat line when it reached the
    goal, and the leaderboard's next publication."""
    if goal_reached:
        streaming.chat_post_system(stream=stream, content=f"🎉 Goal reached: {totals.donation_goal_title}!")
    run_after(
        "gifting.leaderboard_publish",
        once_key=_leaderboard_key(stream.pk),
        seconds=LEADERBOARD_PERIOD_SECONDS,
        args=[str(stream.pk)],
    )


def goal_save(*, stream: Stream, data: dict) -> StreamGiftTotals:
    """Set the stream's donation goal, inside stream_create or stream_update (which checked who may):
    `data` has the goal's title, its target or both. A new target is a new goal, counted from zero;
    renaming the goal keeps its progress. A target of 0 is no goal."""
    totals, _ = StreamGiftTotals.objects.select_for_update().get_or_create(stream=stream)
    title = data.get("donation_goal_title", totals.donation_goal_title)
    target = data.get("donation_goal_target", totals.donation_goal_target)
    if isinstance(target, bool) or not isinstance(target, int) or target < 0:
        raise StreamInvalid("The goal's target is a whole number of coins, 0 or more.", field="donation_goal_target")
    if len(title) > GOAL_TITLE_MAX_LENGTH:
        raise StreamInvalid(
            f"The goal's name is at most {GOAL_TITLE_MAX_LENGTH} characters.", field="donation_goal_title"
        )
    if target and not title.strip():
        raise StreamInvalid("Name the donation goal.", field="donation_goal_title")
    new_goal = target != totals.donation_goal_target
    totals.donation_goal_title, totals.donation_goal_target = title, target
    if new_goal:
        totals.donation_goal_progress, totals.donation_goal_reached_at = 0, None
    totals.save()
    if new_goal or "donation_goal_title" in data:
        events.send_goal(totals)
    return totals


def _leaderboard_key(stream_id) -> str:
    return f"gifting.leaderboard:{stream_id}"


def leaderboard_publish(*, stream_id) -> None:
    """Send the stream's leaderboard (LB) as it is now: every gift committed so far is in it."""
    pending_run_started(_leaderboard_key(stream_id))
    events.send_leaderboard(stream_id, selectors.leaderboard(stream=stream_id))


# --- Tips ---------------------------------------------------------------------------------------

MAX_TIP_COINS = column_range(Tip, "coins")[1]
MAX_TIP_MESSAGE = text_limit(Tip, "message")


def tip_minimum() -> int:
    """The smallest tip: the lowest tier's coins."""
    return tip_tiers()[0].coins


def _check_tip(*, stream: Stream, sender, coins, message) -> TipTier:
    if problem := rules.tip_problem(stream, sender):
        raise problem
    if not isinstance(message, str) or not message.strip():
        raise TipInvalid("Write the message your tip carries.", field="message")
    if len(message) > MAX_TIP_MESSAGE:
        raise TipInvalid(f"The message is at most {MAX_TIP_MESSAGE} characters.", field="message")
    minimum = tip_minimum()
    if isinstance(coins, bool) or not isinstance(coins, int) or not minimum <= coins <= MAX_TIP_COINS:
        raise TipInvalid(f"A tip is {minimum} to {MAX_TIP_COINS} coins.", field="coins")
    if _held_by_automod(stream=stream, sender=sender, message=message):
        raise TipInvalid("The channel's chat filter holds this message: change it.", field="message")
    return tip_tier_for(coins)


def _replay_tip(*, transfer_id: int, stream: Stream, coins: int, message: str) -> Tip:
    replayed = Tip.objects.select_related("sender__profile").get(transfer_id=transfer_id)
    if (replayed.stream_id, replayed.coins, replayed.message) != (stream.pk, coins, message):
        raise IdempotencyConflict("This idempotency key was already used for a different tip.")
    return replayed


def tip_send(*, stream: Stream, sender, coins: int, message: str, idempotency_key: str | None = None) -> Tip:
    """Tip a live stream's creator `coins` with a message, split like a gift. Raises
    InsufficientCoins (nothing written) when the sender's wallet cannot pay; frames go out after
    commit. A repeated idempotency key returns the first tip (IdempotencyConflict if it was another)."""
    tier = _check_tip(stream=stream, sender=sender, coins=coins, message=message)
    message = message.strip()
    key = _client_key("tip", sender, idempotency_key)
    return _once(
        key=key,
        pay=lambda: _tip(stream=stream, sender=sender, coins=coins, message=message, tier=tier, key=key),
        replay=lambda transfer_id: _replay_tip(transfer_id=transfer_id, stream=stream, coins=coins, message=message),
    )


@transaction.atomic(durable=True)
def _tip(*, stream: Stream, sender, coins: int, message: str, tier: TipTier, key) -> Tip:
    """A gift's transaction without a gift's hooks: it locks the same rows in the same order
    (apps/gifting/domain_events.py), the leaderboard's, the wallet's, then the totals."""
    _add_to_leaderboard(stream=stream, sender=sender, coins=coins, anonymous=False)
    chat_line = streaming.chat_post_system(
        stream=stream,
        content=f"{sender.public_name} tipped {coins} coins: {message}",
        kind=MessageKind.GIFT,
        user=sender,
        announce=False,
    )
    pinned_until = timezone.now() + timedelta(seconds=tier.pin_seconds) if tier.pin_seconds else None

    def record(transfer) -> Tip:
        tip = Tip.objects.create(
            stream=stream,
            sender=sender,
            recipient=stream.creator,
            coins=coins,
            message=message,
            tier=tier.name,
            pinned_until=pinned_until,
            transfer_id=transfer.pk,
        )
        events.send_tip(tip, chat_line)
        return tip

    tip = _pay_creator(stream=stream, payer=sender, amount=coins, kind=TransferKind.TIP, key=key,
                       memo=f"Tip ({tier.name})", write=record)  # fmt: skip
    totals, goal_reached = _add_to_totals(stream=stream, coins=coins)
    _after_totals(stream=stream, totals=totals, goal_reached=goal_reached)
    return tip
