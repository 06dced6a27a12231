"""The gift API: the catalog, sending (exact coins, every refusal writing nothing), a stream's
gifts and leaderboard, and a user's gift history. Every test ends with the ledger audit."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals
from apps.streaming import services as streaming
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account, user_account
from apps.wallet.models import AccountKind, IdempotentResponse, Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def _gift(name) -> Gift:
    return Gift.objects.get(name=name)


def _client(user) -> APIClient:
    """Signed in the way apps and encoders are: an API token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _send(client, stream, **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": body.pop("key")} if "key" in body else {}
    return client.post(f"/api/v1/streams/{stream.pk}/gifts", body, format="json", **headers)


def _coins(stream, fan) -> tuple[int, int, int]:
    """Sender's wallet, creator's earnings, platform revenue."""
    return (
        balance_of(user=fan),
        user_account(stream.creator, AccountKind.CREATOR_EARNINGS).balance,
        system_account(AccountKind.PLATFORM_REVENUE).balance,
    )


def _nothing_written(stream, fan, before) -> None:
    assert _coins(stream, fan) == before
    assert not GiftSend.objects.exists()
    assert not Transfer.objects.filter(kind="gift").exists()
    assert not StreamGifter.objects.exists()


# --- The catalog --------------------------------------------------------------------------------
def test_the_catalog_lists_only_gifts_on_sale_and_filters():
    now = timezone.now()
    Gift.objects.filter(name="Rose").update(is_active=False)
    Gift.objects.filter(name="Heart").update(available_from=now + timedelta(days=1))
    Gift.objects.filter(name="Star").update(
        available_from=now - timedelta(days=2), available_until=now - timedelta(days=1)
    )
    names = {g["name"] for g in APIClient().get("/api/v1/gifts").json()}
    assert names.isdisjoint({"Rose", "Heart", "Star"})
    assert {"Diamond", "Crown", "Legend Status"} <= names
    basketball = APIClient().get("/api/v1/gifts", {"category": "basketball"}).json()
    assert {g["name"] for g in basketball} == {"Basketball", "Trophy", "Fire Shots", "MVP Crown", "Legend Status"}
    legendary = APIClient().get("/api/v1/gifts", {"rarity": "legendary"}).json()
    assert legendary
    assert {g["rarity"] for g in legendary} == {"legendary"}
    crown = next(g for g in APIClient().get("/api/v1/gifts").json() if g["name"] == "Crown")
    assert (crown["coin_cost"], crown["emoji"]) == (50, "👑")


def test_an_unknown_catalog_filter_is_a_400():
    response = APIClient().get("/api/v1/gifts", {"category": "jewels"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# --- Sending ------------------------------------------------------------------------------------
def test_a_gift_is_201_with_the_record_and_the_new_balance_and_exact_coins(stream, fan):
    response = _send(_client(fan), stream, gift_id=_gift("Crown").pk, quantity=3, message="MVP!")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["balance"] == 850
    record = body["gift"]
    assert (record["gift"]["name"], record["quantity"], record["total_coins"], record["message"]) == (
        "Crown",
        3,
        150,
        "MVP!",
    )
    assert record["stream"] == str(stream.pk)
    assert record["sender"]["username"] == fan.username
    assert record["combo"] == {"id": record["id"], "count": 1}
    assert _coins(stream, fan) == (850, 105, 45)
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.gifts_count, totals.gift_coins) == (1, 150)


def test_an_anonymous_gift_shows_its_sender_to_them_only(stream, fan):
    sent = _send(_client(fan), stream, gift_id=_gift("Star").pk, is_anonymous=True).json()["gift"]
    assert sent["sender"]["username"] == fan.username  # the sender sees themself
    listed = APIClient().get(f"/api/v1/streams/{stream.pk}/gifts").json()
    assert [(g["id"], g["sender"], g["is_anonymous"]) for g in listed] == [(sent["id"], None, True)]
    board = APIClient().get(f"/api/v1/streams/{stream.pk}/leaderboard").json()
    assert board == [{"rank": 1, "coins": 5, "gifts": 1, "sender": None}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gift_id": 999999}, "gift_id"),
        ({"gift_id": None}, "gift_id"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 101}, "quantity"),
        ({"quantity": "many"}, "quantity"),
        ({"message": "x" * 201}, "message"),
    ],
)
def test_bad_input_is_a_400_on_its_field_and_writes_nothing(stream, fan, body, field):
    before = _coins(stream, fan)
    body = {key: value for key, value in {"gift_id": _gift("Rose").pk, **body}.items() if value is not None}
    response = _send(_client(fan), stream, **body)
    assert response.status_code == 400
    error = response.json()
    assert set(error) >= {"code", "detail"}
    assert field in str(error)
    _nothing_written(stream, fan, before)


def test_an_inactive_gift_is_refused(stream, fan):
    Gift.objects.filter(name="Rose").update(is_active=False)
    before = _coins(stream, fan)
    response = _send(_client(fan), stream, gift_id=_gift("Rose").pk)
    assert (response.status_code, response.json()["code"]) == (400, "unknown_gift")
    _nothing_written(stream, fan, before)


def test_insufficient_coins_is_a_400_and_the_balance_is_unchanged(stream, fan):
    before = _coins(stream, fan)
    response = _send(_client(fan), stream, gift_id=_gift("Legend Status").pk)
    assert (response.status_code, response.json()["code"]) == (400, "insufficient_coins")
    _nothing_written(stream, fan, before)
    assert before[0] == 1000


@pytest.mark.parametrize("why", ["ended", "gifts_off", "own_stream"])
def test_gifts_go_only_to_live_streams_that_take_them_from_others(stream, fan, why):
    sender = fan
    if why == "ended":
        streaming.stream_end(stream=stream, by=stream.creator)
    elif why == "gifts_off":
        type(stream).objects.filter(pk=stream.pk).update(gifts_enabled=False)
    else:
        sender = stream.creator
        wallet.wallet_grant(user=sender, amount=100, reason="test", granted_by=UserFactory(is_staff=True))
    before = _coins(stream, sender)
    response = _send(_client(sender), stream, gift_id=_gift("Rose").pk)
    assert (response.status_code, response.json()["code"]) == (400, "gift_refused")
    assert _coins(stream, sender) == before
    assert not GiftSend.objects.exists()


def test_sending_needs_a_signed_in_user_and_a_stream_that_exists(stream):
    assert _send(APIClient(), stream, gift_id=_gift("Rose").pk).status_code in (401, 403)
    missing = APIClient()
    missing.force_authenticate(UserFactory())
    response = missing.post(f"/api/v1/streams/{uuid.uuid4()}/gifts", {"gift_id": _gift("Rose").pk}, format="json")
    assert response.status_code == 404
    assert "code" in response.json()


def test_a_replayed_idempotency_key_sends_once_and_another_body_is_a_409(stream, fan):
    client = _client(fan)
    first = _send(client, stream, gift_id=_gift("Diamond").pk, key="tap-0001-abcdef")
    again = _send(client, stream, gift_id=_gift("Diamond").pk, key="tap-0001-abcdef")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    other = _send(client, stream, gift_id=_gift("Rocket").pk, key="tap-0001-abcdef")
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_conflict")
    assert GiftSend.objects.count() == 1
    assert _coins(stream, fan) == (990, 7, 3)


@pytest.mark.postgres
def test_with_an_idempotency_key_the_gift_commits_before_its_answer_is_built_and_stored(stream, fan):
    client = _client(fan)
    with CaptureQueriesContext(connection) as queries:
        assert _send(client, stream, gift_id=_gift("Star").pk, key="tap-0002-abcdef").status_code == 201
    statements = [q["sql"].split() for q in queries]
    outermost = next(sql[1] for sql in statements if sql[0] == "SAVEPOINT")  # the gift's transaction
    legs = next(i for i, sql in enumerate(statements) if "wallet_post(" in " ".join(sql))
    assert [sql[:3] for sql in statements[legs + 1 : legs + 3]] == [
        ["INSERT", "INTO", "gifting_streamgifttotals"],
        ["RELEASE", "SAVEPOINT", outermost],
    ]
    assert statements[legs + 2][2] == outermost
    assert IdempotentResponse.objects.filter(user=fan, key="tap-0002-abcdef").exists()


def test_a_gift_post_takes_a_fixed_number_of_queries(stream, fan):
    client, star, diamond = _client(fan), _gift("Star").pk, _gift("Diamond").pk
    # The leaderboard row, the platform's account and the channel's AutoMod filter (which reads the
    # messages) exist from here.
    _send(client, stream, gift_id=star, message="warm up")
    with CaptureQueriesContext(connection) as queries:
        assert _send(client, stream, gift_id=star).status_code == 201
    with CaptureQueriesContext(connection) as again:
        assert _send(client, stream, gift_id=diamond, quantity=2, message="again").status_code == 201
    # PostgreSQL posts the legs in one function call; SQLite runs them through the ORM. (Both
    # counts include a SAVEPOINT and its RELEASE: the test's transaction; alone, the gift commits.
    # One read is the sender's standing restrictions in the channel: a ban refuses any gift.)
    assert len(again) == len(queries) == (15 if connection.vendor == "postgresql" else 23)


# --- Reading ------------------------------------------------------------------------------------
def test_a_streams_gifts_newest_first_with_a_limit(stream, fan):
    client = _client(fan)
    for name in ("Rose", "Heart", "Star"):
        _send(client, stream, gift_id=_gift(name).pk)
    listed = APIClient().get(f"/api/v1/streams/{stream.pk}/gifts", {"limit": 2}).json()
    assert [g["gift"]["name"] for g in listed] == ["Star", "Heart"]
    for limit in ("0", "101", "ten"):
        response = APIClient().get(f"/api/v1/streams/{stream.pk}/gifts", {"limit": limit})
        assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_the_leaderboard_ranks_senders_by_coins(stream, fan):
    rich = UserFactory()
    wallet.wallet_grant(user=rich, amount=500, reason="test", granted_by=UserFactory(is_staff=True))
    _send(_client(fan), stream, gift_id=_gift("Diamond").pk, quantity=2)
    _send(_client(rich), stream, gift_id=_gift("Trophy").pk)
    board = APIClient().get(f"/api/v1/streams/{stream.pk}/leaderboard").json()
    assert [(row["rank"], row["sender"]["username"], row["coins"], row["gifts"]) for row in board] == [
        (1, rich.username, 500, 1),
        (2, fan.username, 20, 1),
    ]


def test_gift_history_sent_and_received_for_the_user_and_staff_only(stream, fan):
    _send(_client(fan), stream, gift_id=_gift("Rose").pk)
    _send(_client(fan), stream, gift_id=_gift("Star").pk, is_anonymous=True)
    own = _client(fan).get(f"/api/v1/users/{fan.pk}/gifts", {"type": "sent", "limit": 1}).json()
    assert own["count"] == 2
    assert len(own["results"]) == 1
    received = _client(stream.creator).get(f"/api/v1/users/{stream.creator.pk}/gifts", {"type": "received"}).json()
    senders = [g["sender"] and g["sender"]["username"] for g in received["results"]]
    assert senders == [None, fan.username]  # the creator does not learn who sent anonymously
    staff = _client(UserFactory(is_staff=True)).get(f"/api/v1/users/{fan.pk}/gifts").json()
    assert staff["count"] == 2
    hidden = _client(UserFactory()).get(f"/api/v1/users/{fan.pk}/gifts")
    assert (hidden.status_code, hidden.json()["code"]) == (403, "gift_history_private")
    bad = _client(fan).get(f"/api/v1/users/{fan.pk}/gifts", {"type": "both"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid")


# --- The donation goal, in the stream API ---------------------------------------------------------
def test_the_stream_api_sets_and_shows_the_goal_gifting_keeps(stream, fan, django_assert_max_num_queries):
    owner = _client(stream.creator)
    url = f"/api/v1/streams/{stream.pk}"
    response = owner.patch(url, {"donation_goal_title": "New ball", "donation_goal_target": 100}, format="json")
    assert response.status_code == 200, response.json()
    goal = ("donation_goal_title", "donation_goal_target", "donation_goal_progress")
    assert [response.json()[name] for name in goal] == ["New ball", 100, 0]
    _send(_client(fan), stream, gift_id=_gift("Crown").pk)
    assert [owner.get(url).json()[name] for name in goal] == ["New ball", 100, 50]
    refused = owner.patch(url, {"donation_goal_title": "", "donation_goal_target": 100}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "stream_invalid")
    assert refused.json()["detail"] == "Name the donation goal."

    with django_assert_max_num_queries(6) as one:
        owner.get("/api/v1/streams?status=all").json()
    LiveStreamFactory.create_batch(3)
    with django_assert_max_num_queries(len(one.captured_queries)):  # the goal comes with each stream
        listed = owner.get("/api/v1/streams?status=all").json()
    assert listed["count"] == 4
    assert {row["id"]: row["donation_goal_progress"] for row in listed["results"]}[str(stream.pk)] == 50
