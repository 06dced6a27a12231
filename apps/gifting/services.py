"""Sending a gift: one transaction for the coins, the record, the totals, the leaderboard and the goal."""

import hashlib
from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone

from apps.core.bounds import column_range, text_limit
from apps.core.scheduling import pending_run_started, run_once_soon
from apps.gifting import events, rules, selectors
from apps.gifting.errors import GiftInvalid, UnknownGift
from apps.gifting.models import Gift, GiftSend, StreamGifter
from apps.pk import services as pk
from apps.streaming import services as streaming
from apps.streaming.models import MessageKind, Stream
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


def _check(*, stream: Stream, sender, gift_id, quantity, message) -> Gift:
    if problem := rules.gift_problem(stream, sender):
        raise problem
    gift = Gift.objects.on_sale().filter(pk=gift_id).first() if str(gift_id).isdigit() else None
    if gift is None:
        raise UnknownGift("That gift is not available.", field="gift_id")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise GiftInvalid(f"Send between 1 and {MAX_QUANTITY} at a time.", field="quantity")
    if not isinstance(message, str) or len(message) > MAX_MESSAGE:
        raise GiftInvalid(f"The message is at most {MAX_MESSAGE} characters.", field="message")
    return gift


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
    # Hashed: the client's key may be as long as the column itself.
    key = f"gift:{sender.pk}:{hashlib.sha256(idempotency_key.encode()).hexdigest()}" if idempotency_key else None
    replay = {"stream": stream, "gift": gift, "quantity": quantity, "message": message, "anonymous": is_anonymous}
    if key and (paid := wallet_selectors.transfer_id_for_key(idempotency_key=key)):
        return _replay(transfer_id=paid, **replay)
    try:
        return _send(stream=stream, sender=sender, gift=gift, quantity=quantity, message=message,
                     is_anonymous=is_anonymous, key=key)  # fmt: skip
    except _PaidMeanwhile as paid:
        return _replay(transfer_id=paid.transfer_id, **replay)


@transaction.atomic
def _send(*, stream: Stream, sender, gift: Gift, quantity: int, message: str, is_anonymous: bool, key) -> GiftSend:
    """One transaction. Every gift into a stream locks the same rows (the creator's earnings, the
    platform's revenue, the stream's totals, a battle's side): they come last (the wallet writes
    the gift's record before its legs), so each gift holds them for two statements before its
    commit, not for the whole of its work."""
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
    fighting = pk.battle_fighting_on(stream_id=stream.pk, host_id=stream.creator_id)
    recorded: list[GiftSend] = []

    def record(transfer) -> None:
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
        recorded.append(send)

    transfer = wallet.wallet_spend(
        payer=sender,
        amount=total,
        recipient=stream.creator,
        kind=TransferKind.GIFT,
        reference=f"stream:{stream.pk}",
        idempotency_key=key,
        memo=f"{quantity} × {gift.name}",
        record=record,
    )
    if not recorded:  # the key was paid by a concurrent request
        raise _PaidMeanwhile(transfer.pk)
    send = recorded[0]
    stream, goal_reached = streaming.stream_gift_record(stream=stream, coins=total)
    # After the stream's row (locked by the line above): a PK battle's lock comes second.
    pk.battle_score_gift(send=send, found=fighting)
    if goal_reached:
        streaming.chat_post_system(stream=stream, content=f"🎉 Goal reached: {stream.donation_goal_title}!")
    _leaderboard_changed(stream.pk)
    return send


def _leaderboard_key(stream_id) -> str:
    return f"gifting.leaderboard:{stream_id}"


def _leaderboard_changed(stream_id) -> None:
    from apps.gifting.tasks import leaderboard_publish_task

    run_once_soon(
        leaderboard_publish_task,
        key=_leaderboard_key(stream_id),
        seconds=LEADERBOARD_PERIOD_SECONDS,
        args=[str(stream_id)],
    )


def leaderboard_publish(*, stream_id) -> None:
    """Send the stream's leaderboard (LB) as it is now: every gift committed so far is in it."""
    pending_run_started(_leaderboard_key(stream_id))
    events.send_leaderboard(stream_id, selectors.leaderboard(stream=stream_id))
