"""`POST /api/v1/streams/{id}/tips`: 201 with the tip and the new balance, exact coins; every refusal a
400 on its field that writes nothing; an Idempotency-Key replays once."""

import uuid

import pytest
from rest_framework.test import APIClient

from apps.gifting.models import Tip
from apps.restrictions.models import Term
from apps.wallet.accounts import system_account, user_account
from apps.wallet.models import AccountKind, Transfer
from apps.wallet.selectors import balance_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _tip(client, stream, **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": body.pop("key")} if "key" in body else {}
    return client.post(f"/api/v1/streams/{stream.pk}/tips", body, format="json", **headers)


def _coins(stream, fan) -> tuple[int, int, int]:
    return (
        balance_of(user=fan),
        user_account(stream.creator, AccountKind.CREATOR_EARNINGS).balance,
        system_account(AccountKind.PLATFORM_REVENUE).balance,
    )


def test_a_tip_is_201_with_the_tip_and_the_new_balance(stream, fan):
    response = _tip(_client(fan), stream, coins=500, message="Elbow in!")
    assert response.status_code == 201
    body = response.json()
    assert body["balance"] == 500
    assert {k: body["tip"][k] for k in ("coins", "message", "tier", "color")} == {
        "coins": 500,
        "message": "Elbow in!",
        "tier": "gold",
        "color": "#f5b301",
    }
    assert (body["tip"]["sender"]["username"], body["tip"]["stream"]) == (fan.username, str(stream.pk))
    assert body["tip"]["pinned_until"]
    assert _coins(stream, fan) == (500, 350, 150)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"coins": 100}, "message"),
        ({"coins": 100, "message": ""}, "message"),
        ({"coins": 100, "message": "x" * 201}, "message"),
        ({"coins": 9, "message": "hi"}, "coins"),
        ({"coins": "lots", "message": "hi"}, "coins"),
        ({"message": "hi"}, "coins"),
        ({"coins": 10**12, "message": "hi"}, "coins"),
    ],
)
def test_bad_input_is_a_400_on_its_field_and_writes_nothing(stream, fan, body, field):
    before = _coins(stream, fan)
    response = _tip(_client(fan), stream, **body)
    assert response.status_code == 400
    error = response.json()
    assert set(error) >= {"code", "detail"}
    assert field in str(error)
    assert _coins(stream, fan) == before
    assert not Tip.objects.exists()


def test_unaffordable_held_and_own_stream_tips_are_refused(stream, fan):
    Term.objects.create(channel=stream.creator, text="ballhog")
    before = _coins(stream, fan)
    assert _tip(_client(fan), stream, coins=1001, message="hi").json()["code"] == "insufficient_coins"
    assert _tip(_client(fan), stream, coins=100, message="ballhog").json()["code"] == "tip_invalid"
    assert _tip(_client(stream.creator), stream, coins=100, message="me").json()["code"] == "gift_refused"
    assert _coins(stream, fan) == before
    assert not Transfer.objects.filter(kind="tip").exists()


def test_tipping_needs_a_signed_in_user_and_a_stream_that_exists(stream):
    assert _tip(APIClient(), stream, coins=100, message="hi").status_code in (401, 403)
    missing = _client(stream.creator)
    response = missing.post(f"/api/v1/streams/{uuid.uuid4()}/tips", {"coins": 100, "message": "hi"}, format="json")
    assert (response.status_code, "code" in response.json()) == (404, True)


def test_a_replayed_idempotency_key_tips_once_and_another_body_is_a_409(stream, fan):
    client = _client(fan)
    first = _tip(client, stream, coins=100, message="once", key="tip-0001-abcdef")
    again = _tip(client, stream, coins=100, message="once", key="tip-0001-abcdef")
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    other = _tip(client, stream, coins=200, message="once", key="tip-0001-abcdef")
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_conflict")
    assert (Tip.objects.count(), _coins(stream, fan)) == (1, (900, 70, 30))
