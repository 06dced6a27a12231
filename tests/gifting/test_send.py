"""Sending gifts: exact coins for sender, creator and platform; records, totals, frames, refusals."""

import json

import pytest

from apps.gifting import selectors, services, tasks
from apps.gifting.errors import GiftInvalid, GiftRefused, UnknownGift
from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals
from apps.streaming.errors import PaymentRequired
from apps.streaming.models import ChatMessage
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account, user_account
from apps.wallet.errors import InsufficientCoins
from apps.wallet.models import AccountKind, Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import StreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def _gift(name) -> Gift:
    return Gift.objects.get(name=name)


def _earnings(user) -> int:
    return user_account(user, AccountKind.CREATOR_EARNINGS).balance


def test_the_catalog_has_the_spec_gifts():
    prices = dict(Gift.objects.values_list("name", "coin_cost"))
    assert {k: prices[k] for k in ("Rose", "Heart", "Star", "Diamond", "Rocket", "Crown", "Mansion")} == {
        "Rose": 1,
        "Heart": 2,
        "Star": 5,
        "Diamond": 10,
        "Rocket": 20,
        "Crown": 50,
        "Mansion": 100,
    }
    assert [prices[k] for k in ("Basketball", "Trophy", "Fire Shots", "MVP Crown", "Legend Status")] == [
        100,
        500,
        1000,
        2500,
        5000,
    ]


def test_a_gift_moves_exact_coins_and_updates_everything(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        send = services.gift_send(stream=stream, sender=fan, gift_id=_gift("Crown").pk, quantity=3, message="MVP!")
    assert (send.total_coins, send.unit_cost, send.recipient) == (150, 50, stream.creator)
    assert balance_of(user=fan) == 850
    assert _earnings(stream.creator) == 105
    assert system_account(AccountKind.PLATFORM_REVENUE).balance == 45
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.gifts_count, totals.gift_coins) == (1, 150)
    assert StreamGifter.objects.get(stream=stream, sender=fan).coins == 150
    assert ChatMessage.objects.get(kind="gift").content.endswith("sent 👑 Crown ×3: MVP!")
    codes = []
    while "LB" not in codes:
        codes.append(listener.next_frame()["t"])
    listener.close()
    assert "GF" in codes
    assert Transfer.objects.filter(kind="gift").count() == 1


def test_a_burst_of_gifts_queues_one_leaderboard_run_that_counts_them_all(
    stream, fan, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []  # stands in for the broker: the runs queued, not yet run
    monkeypatch.setattr(tasks.leaderboard_publish_task, "apply_async", lambda args, **options: queued.append(args))
    rival = UserFactory()
    wallet.wallet_grant(user=rival, amount=100, reason="test", granted_by=stream.creator)
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=rival, gift_id=_gift("Star").pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Diamond").pk)
    assert queued == [[str(stream.pk)]]

    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.leaderboard_publish_task(*queued.pop())
    board = listener.next_frame()
    assert board["t"] == "LB"
    assert [(row["who"]["u"], row["coins"]) for row in board["d"]["top"]] == [(fan.username, 11), (rival.username, 5)]
    # That run has started: the next gift queues the next one.
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=rival, gift_id=_gift("Diamond").pk)
    assert queued == [[str(stream.pk)]]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.leaderboard_publish_task(*queued.pop())
    board = next(f for f in iter(listener.next_frame, None) if f["t"] == "LB")  # after the gift's own frames
    listener.close()
    assert [(row["who"]["u"], row["coins"]) for row in board["d"]["top"]] == [(rival.username, 15), (fan.username, 11)]


def test_gift_frame_carries_the_animation(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Trophy").pk)
    frame = next(f for f in iter(listener.next_frame, None) if f["t"] == "GF")
    listener.close()
    assert frame["d"]["g"]["anim"] == "trophy_confetti"
    assert frame["d"]["g"]["fx"] == "half"
    assert frame["d"]["from"]["u"] == fan.username
    assert frame["d"]["combo"]["n"] == 1


@pytest.mark.parametrize(("name", "quantity"), [("Crown", 3), ("Heart", 1), ("Rose", 3)])
def test_the_gift_frame_says_what_the_creator_earned_as_the_ledger_does(
    stream, fan, name, quantity, django_capture_on_commit_callbacks
):
    """The studio adds `earn` to its earnings balance: the creator's share as the wallet split it,
    rounding included (a 1-coin Rose leaves the creator 1)."""
    before = _earnings(stream.creator)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift(name).pk, quantity=quantity)
    frame = next(f for f in iter(listener.next_frame, None) if f["t"] == "GF")
    listener.close()
    assert frame["d"]["earn"] == _earnings(stream.creator) - before > 0


def test_insufficient_coins_writes_nothing(stream, fan):
    with pytest.raises(InsufficientCoins):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Fire Shots").pk, quantity=2)
    assert balance_of(user=fan) == 1000
    assert not GiftSend.objects.exists()
    assert not StreamGifter.objects.exists()
    assert not StreamGiftTotals.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"gift_id": 999999}, UnknownGift),
        ({"gift_id": "rose"}, UnknownGift),
        ({"quantity": 0}, GiftInvalid),
        ({"quantity": 101}, GiftInvalid),
        ({"quantity": "3"}, GiftInvalid),
        ({"message": "x" * 201}, GiftInvalid),
    ],
)
def test_bad_gifts_are_refused(stream, fan, kwargs, error):
    with pytest.raises(error):
        services.gift_send(stream=stream, sender=fan, **{"gift_id": _gift("Rose").pk, **kwargs})
    assert balance_of(user=fan) == 1000
    assert not GiftSend.objects.exists()


def test_inactive_and_out_of_window_gifts_are_refused(stream, fan):
    from datetime import timedelta

    from django.utils import timezone

    Gift.objects.filter(name="Rose").update(is_active=False)
    Gift.objects.filter(name="Heart").update(available_until=timezone.now() - timedelta(days=1))
    for name in ("Rose", "Heart"):
        with pytest.raises(UnknownGift):
            services.gift_send(stream=stream, sender=fan, gift_id=_gift(name).pk)
    assert "Rose" not in {g.name for g in selectors.catalog()}


def test_only_live_streams_with_gifts_on_and_not_your_own(fan):
    ended = StreamFactory(status="ended")
    gifts_off = StreamFactory(status="live", gifts_enabled=False)
    for target in (ended, gifts_off):
        with pytest.raises(GiftRefused):
            services.gift_send(stream=target, sender=fan, gift_id=_gift("Rose").pk)
    own = StreamFactory(creator=fan, status="live")
    with pytest.raises(GiftRefused, match="your own"):
        services.gift_send(stream=own, sender=fan, gift_id=_gift("Rose").pk)
    assert balance_of(user=fan) == 1000


def test_combos_count_up_within_the_window(stream, fan):
    rose = _gift("Rose").pk
    first = services.gift_send(stream=stream, sender=fan, gift_id=rose)
    second = services.gift_send(stream=stream, sender=fan, gift_id=rose)
    third = services.gift_send(stream=stream, sender=fan, gift_id=rose)
    other = services.gift_send(stream=stream, sender=fan, gift_id=_gift("Heart").pk)
    assert [s.combo_count for s in (first, second, third, other)] == [1, 2, 3, 1]
    assert second.combo_id == third.combo_id == first.pk
    GiftSend.objects.update(created_at=third.created_at.replace(year=2000))  # the window has passed
    later = services.gift_send(stream=stream, sender=fan, gift_id=rose)
    assert later.combo_count == 1


def test_anonymous_gifts_hide_the_sender(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Star").pk, is_anonymous=True)
    frames = [listener.next_frame() for _ in range(3)]
    listener.close()
    gift = next(f for f in frames if f["t"] == "GF")
    assert gift["d"]["from"] == {"n": "Anonymous"}
    assert fan.username not in str(frames)
    assert StreamGifter.objects.get(stream=stream).sender is None
    assert ChatMessage.objects.get(kind="gift").user is None


def test_a_gift_and_its_chat_line_travel_in_one_layer_message(stream, fan, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        send = services.gift_send(stream=stream, sender=fan, gift_id=_gift("Star").pk)
    message = listener.next_message()
    listener.close()
    chat, gift = (json.loads(text) for text in message["texts"])
    assert (chat["t"], chat["d"]["k"], gift["t"], gift["d"]["id"]) == ("CM", "gift", "GF", send.pk)


def test_leaderboard_rows_add_up_named_and_anonymous_gifts_apart(stream, fan):
    star, rose = _gift("Star").pk, _gift("Rose").pk
    for anonymous in (True, False, True, False):
        services.gift_send(stream=stream, sender=fan, gift_id=star, is_anonymous=anonymous)
    services.gift_send(stream=stream, sender=fan, gift_id=rose, quantity=3)
    rows = StreamGifter.objects.filter(stream=stream)
    assert {row.sender_id: (row.coins, row.gifts) for row in rows} == {fan.pk: (13, 3), None: (10, 2)}


def test_a_gift_writes_the_streams_totals_in_one_statement(stream, fan):
    # Every gift into the stream waits for this row: one round trip holds it, not three.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Star").pk)  # the row exists from here
    with CaptureQueriesContext(connection) as queries:
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Star").pk)
    assert len([q for q in queries if "gifting_streamgifttotals" in q["sql"]]) == 1
    assert not [q for q in queries if "streaming_stream" in q["sql"]]


@pytest.mark.postgres
def test_after_a_gifts_legs_only_the_streams_totals_run_before_the_commit(stream, fan):
    # The legs lock the creator's earnings and the platform's revenue, which every gift shares.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Star").pk)
    statements = [q["sql"] for q in queries]
    legs = next(i for i, sql in enumerate(statements) if "wallet_post(" in sql)
    after = [sql.split()[:3] for sql in statements[legs + 1 :]]
    # (A RELEASE SAVEPOINT here is the test's own transaction: alone, the gift commits.)
    totals = ["INSERT", "INTO", "gifting_streamgifttotals"]
    assert after in ([totals], [totals, ["RELEASE", "SAVEPOINT", after[-1][2]]])


def test_leaderboard_orders_by_coins(stream, fan):
    rich = UserFactory()
    from apps.wallet import services as wallet

    wallet.wallet_grant(user=rich, amount=500, reason="test", granted_by=UserFactory(is_staff=True))
    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Diamond").pk)
    services.gift_send(stream=stream, sender=rich, gift_id=_gift("Trophy").pk)
    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Diamond").pk)
    board = selectors.leaderboard(stream=stream)
    assert [(row.sender, row.coins, row.gifts) for row in board] == [(rich, 500, 1), (fan, 20, 2)]


def test_donation_goal_progress_and_celebration(stream, fan, django_capture_on_commit_callbacks):
    from apps.streaming import services as streaming

    streaming.stream_update(
        stream=stream, by=stream.creator, data={"donation_goal_title": "New ball", "donation_goal_target": 100}
    )
    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Crown").pk)
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.donation_goal_progress, totals.donation_goal_reached_at) == (50, None)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Crown").pk)
    goal = next(f for f in iter(listener.next_frame, None) if f["t"] == "GL")
    listener.close()
    assert goal["d"] == {"title": "New ball", "target": 100, "progress": 100, "reached": True}
    assert ChatMessage.objects.filter(content__startswith="🎉 Goal reached").count() == 1
    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Crown").pk)
    assert ChatMessage.objects.filter(content__startswith="🎉 Goal reached").count() == 1


def test_a_replayed_idempotency_key_sends_once(stream, fan):
    rose = _gift("Rose").pk
    first = services.gift_send(stream=stream, sender=fan, gift_id=rose, quantity=5, idempotency_key="tap-123456")
    again = services.gift_send(stream=stream, sender=fan, gift_id=rose, quantity=5, idempotency_key="tap-123456")
    assert again.pk == first.pk
    assert balance_of(user=fan) == 995
    assert GiftSend.objects.count() == 1


def test_stream_end_stats_include_gifts(stream, fan):
    from apps.streaming import services as streaming

    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rocket").pk, quantity=2)
    ended = streaming.stream_end(stream=stream, by=stream.creator)
    totals = selectors.gift_totals(stream=ended)
    assert (totals.gifts_count, totals.gift_coins) == (1, 40)
    assert selectors.leaderboard(stream=stream)[0].sender == fan


def test_an_anonymous_gift_never_continues_a_named_combo(stream, fan):
    rose = _gift("Rose").pk
    named = services.gift_send(stream=stream, sender=fan, gift_id=rose)
    hidden = services.gift_send(stream=stream, sender=fan, gift_id=rose, is_anonymous=True)
    assert (hidden.combo_id, hidden.combo_count) == (None, 1)
    assert named.combo_count == 1


def test_a_long_idempotency_key_fits_and_a_reused_one_must_match(stream, fan):
    from apps.wallet.errors import IdempotencyConflict

    key = "k" * 120
    first = services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk, quantity=2, idempotency_key=key)
    assert (
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk, quantity=2, idempotency_key=key)
        == first
    )
    with pytest.raises(IdempotencyConflict):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Heart").pk, quantity=1, idempotency_key=key)
    assert balance_of(user=fan) == 998


def test_pay_per_view_streams_take_gifts_only_from_viewers_who_paid(fan):
    stream = StreamFactory(status="live", pay_per_view_cost=10)
    with pytest.raises(PaymentRequired, match="Unlock"):
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk)


def test_a_message_the_channels_filter_holds_is_not_sent_with_a_gift(stream, fan, books_balance):
    """The message would go into the chat with the gift: AutoMod's answer there is the answer here,
    before any coin moves; the gift without it goes through."""
    from apps.restrictions.models import Term

    Term.objects.create(channel=stream.creator, text="ballhog")
    with pytest.raises(GiftInvalid) as refused:
        services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk, message="what a b4llh0g")
    assert (refused.value.field, balance_of(user=fan)) == ("message", 1000)
    assert not GiftSend.objects.exists()
    services.gift_send(stream=stream, sender=fan, gift_id=_gift("Rose").pk, message="what a pass")
    assert GiftSend.objects.get().message == "what a pass"
