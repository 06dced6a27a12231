"""Tips: exact coins and the gift split, the goal and the leaderboard counted as a gift's are, the
pin by tier, frames and welcome; every refusal writes nothing; a replayed key tips once."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.gifting import selectors, services
from apps.gifting.errors import GiftRefused, TipInvalid
from apps.gifting.models import Gift, StreamGifter, StreamGiftTotals, Tip
from apps.realtime.sections import welcome_batch
from apps.restrictions.errors import Banned, TimedOut
from apps.restrictions.models import Term
from apps.restrictions.services import actions as restrictions
from apps.streaming import services as streaming
from apps.streaming.models import ChatMessage
from apps.streaming.sockets import STREAM
from apps.wallet.accounts import system_account, user_account
from apps.wallet.errors import IdempotencyConflict, InsufficientCoins
from apps.wallet.models import AccountKind, Transfer
from apps.wallet.selectors import balance_of
from tests.pk.test_gift_path import _locked, _statements
from tests.realtime.helpers import GroupListener

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def _coins(stream, fan) -> tuple[int, int, int]:
    """Sender's wallet, creator's earnings, platform revenue."""
    return (
        balance_of(user=fan),
        user_account(stream.creator, AccountKind.CREATOR_EARNINGS).balance,
        system_account(AccountKind.PLATFORM_REVENUE).balance,
    )


def test_a_tip_moves_exact_coins_split_like_a_gift(stream, fan):
    tip = services.tip_send(stream=stream, sender=fan, coins=101, message="  Bend your knees on the FT  ")
    assert _coins(stream, fan) == (899, 71, 30)  # 70 %: the platform's 30 rounded down, the rest the creator's
    assert (tip.message, tip.recipient, tip.tier) == ("Bend your knees on the FT", stream.creator, "blue")
    transfer = Transfer.objects.get(pk=tip.transfer_id)
    assert (transfer.kind, transfer.reference) == ("tip", f"stream:{stream.pk}")
    line = ChatMessage.objects.get(kind="gift")
    assert (line.user, line.content) == (fan, f"{fan.public_name} tipped 101 coins: Bend your knees on the FT")


def test_a_tip_counts_toward_the_goal_and_the_leaderboard_with_gifts(stream, fan, django_capture_on_commit_callbacks):
    streaming.stream_update(
        stream=stream, by=stream.creator, data={"donation_goal_title": "Ball", "donation_goal_target": 120}
    )
    services.gift_send(stream=stream, sender=fan, gift_id=Gift.objects.get(name="Diamond").pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.tip_send(stream=stream, sender=fan, coins=110, message="goal!")
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.gifts_count, totals.gift_coins, totals.donation_goal_progress) == (2, 120, 120)
    assert totals.donation_goal_reached_at is not None
    assert ChatMessage.objects.filter(content="🎉 Goal reached: Ball!").exists()
    row = StreamGifter.objects.get(stream=stream, sender=fan)
    assert (row.coins, row.gifts) == (120, 2)
    assert [(r.sender, r.coins) for r in selectors.leaderboard(stream=stream)] == [(fan, 120)]


@pytest.mark.parametrize(
    ("coins", "tier", "pinned_seconds"),
    [(10, "grey", None), (99, "grey", None), (100, "blue", 60), (500, "gold", 300)],
)
def test_the_tier_by_amount_sets_the_pin(stream, fan, clock, coins, tier, pinned_seconds):
    tip = services.tip_send(stream=stream, sender=fan, coins=coins, message="nice")
    assert tip.tier == tier
    if pinned_seconds is None:
        assert tip.pinned_until is None
    else:
        assert tip.pinned_until == timezone.now() + timedelta(seconds=pinned_seconds)


def test_the_tiers_are_a_setting(stream, fan, settings):
    settings.TIP_TIERS = [{"name": "bronze", "coins": 5, "pin_seconds": 30, "color": "#cd7f32"}]
    assert services.tip_send(stream=stream, sender=fan, coins=5, message="hi").tier == "bronze"
    with pytest.raises(TipInvalid, match="A tip is 5 to"):
        services.tip_send(stream=stream, sender=fan, coins=4, message="hi")


def test_the_tip_and_its_chat_line_travel_together(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        tip = services.tip_send(stream=stream, sender=fan, coins=500, message="Follow through!")
    message = listener.next_message()
    listener.close()
    chat, pinned = (json.loads(text) for text in message["texts"])
    assert (chat["t"], chat["d"]["k"], pinned["t"]) == ("CM", "gift", "TP")
    assert pinned["d"] == {
        "id": tip.pk,
        "coins": 500,
        "msg": "Follow through!",
        "from": pinned["d"]["from"] | {"u": fan.username},
        "tier": "gold",
        "color": "#f5b301",
        "pin_until": int(tip.pinned_until.timestamp() * 1000),
    }


def test_the_welcome_carries_the_tips_still_pinned(stream, fan, clock):
    services.tip_send(stream=stream, sender=fan, coins=10, message="not pinned")
    services.tip_send(stream=stream, sender=fan, coins=100, message="a minute")
    services.tip_send(stream=stream, sender=fan, coins=500, message="five minutes")

    def pinned():
        return [f["d"]["msg"] for f in json.loads(welcome_batch(STREAM, stream))["d"] if f["t"] == "TP"]

    assert pinned() == ["a minute", "five minutes"]  # oldest first: the newest ends on top
    clock.advance(seconds=61)
    assert pinned() == ["five minutes"]


def _nothing_written(stream, fan, before) -> None:
    assert _coins(stream, fan) == before
    assert not Tip.objects.exists()
    assert not Transfer.objects.filter(kind="tip").exists()
    assert not StreamGifter.objects.exists()
    assert not StreamGiftTotals.objects.exists()
    assert not ChatMessage.objects.exists()


@pytest.mark.parametrize(
    ("coins", "message", "field"),
    [
        (100, "", "message"),
        (100, "   ", "message"),
        (100, None, "message"),
        (100, "x" * 201, "message"),
        (9, "hi", "coins"),
        (0, "hi", "coins"),
        (-100, "hi", "coins"),
        (True, "hi", "coins"),
        ("100", "hi", "coins"),
        (1_000_001, "hi", "coins"),
    ],
)
def test_bad_tips_are_refused_and_write_nothing(stream, fan, coins, message, field):
    before = _coins(stream, fan)
    with pytest.raises(TipInvalid) as refused:
        services.tip_send(stream=stream, sender=fan, coins=coins, message=message)
    assert refused.value.field == field
    _nothing_written(stream, fan, before)


def test_a_200_character_message_is_fine(stream, fan):
    assert len(services.tip_send(stream=stream, sender=fan, coins=10, message="x" * 200).message) == 200


def test_an_unaffordable_tip_writes_nothing(stream, fan):
    before = _coins(stream, fan)
    with pytest.raises(InsufficientCoins):
        services.tip_send(stream=stream, sender=fan, coins=1001, message="all in")
    _nothing_written(stream, fan, before)


def test_a_message_the_channels_filter_holds_is_refused_before_coins_move(stream, fan):
    Term.objects.create(channel=stream.creator, text="ballhog")
    before = _coins(stream, fan)
    with pytest.raises(TipInvalid, match="chat filter") as refused:
        services.tip_send(stream=stream, sender=fan, coins=100, message="what a b4llh0g")
    assert refused.value.field == "message"
    _nothing_written(stream, fan, before)


def test_banned_and_timed_out_viewers_cannot_tip(stream, fan):
    before = _coins(stream, fan)
    restrictions.timeout(actor=stream.creator, channel=stream.creator, user=fan, seconds=60)
    with pytest.raises(TimedOut):  # a gift without a message would go; a tip is a message
        services.tip_send(stream=stream, sender=fan, coins=100, message="let me talk")
    restrictions.ban(actor=stream.creator, channel=stream.creator, user=fan)
    with pytest.raises(Banned):
        services.tip_send(stream=stream, sender=fan, coins=100, message="let me talk")
    _nothing_written(stream, fan, before)


def test_no_tips_to_your_own_stream_or_an_ended_one(stream, fan):
    with pytest.raises(GiftRefused):
        services.tip_send(stream=stream, sender=stream.creator, coins=100, message="me")
    stream = streaming.stream_end(stream=stream, by=stream.creator)
    with pytest.raises(GiftRefused, match="over"):
        services.tip_send(stream=stream, sender=fan, coins=100, message="late")
    assert not Tip.objects.exists()


def test_a_replayed_key_tips_once_and_a_reused_one_must_match(stream, fan):
    first = services.tip_send(stream=stream, sender=fan, coins=100, message="once", idempotency_key="k" * 120)
    again = services.tip_send(stream=stream, sender=fan, coins=100, message="once", idempotency_key="k" * 120)
    assert again.pk == first.pk
    with pytest.raises(IdempotencyConflict):
        services.tip_send(stream=stream, sender=fan, coins=100, message="twice", idempotency_key="k" * 120)
    assert (balance_of(user=fan), Tip.objects.count(), StreamGifter.objects.get().coins) == (900, 1, 100)


@pytest.mark.postgres
def test_a_tip_locks_the_gift_paths_rows_in_its_order(stream, fan):
    services.tip_send(stream=stream, sender=fan, coins=10, message="first")

    def again():
        services.tip_send(stream=stream, sender=fan, coins=10, message="again")

    assert list(_locked(_statements(again))) == ["gifting_streamgifter", "wallet_account", "gifting_streamgifttotals"]
