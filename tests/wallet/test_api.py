"""`/api/v1/currency/*` and `/api/v1/payouts`: shapes, errors and Idempotency-Key."""

import uuid

import pytest

from apps.wallet import services
from apps.wallet.models import CoinPackage, IdempotentResponse, Payout, Purchase, Transfer
from apps.wallet.payments import SandboxProvider
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


@pytest.fixture
def bucket():
    return CoinPackage.objects.get(name="Bucket")


def _buy(client, package, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"package_id": str(package.pk), "payment_method": "card", **extra}
    return client.post("/api/v1/currency/purchase", body, format="json", **headers)


def test_packages_are_listed_with_integer_prices(api_client):
    packages = api_client.get("/api/v1/currency/packages").json()
    assert [(p["name"], p["total_coins"], p["price_minor"]) for p in packages] == [
        ("Starter", 100, 99),
        ("Handful", 500, 499),
        ("Bucket", 1200, 999),
        ("Stack", 2500, 1999),
        ("Vault", 6500, 4999),
    ]
    assert all(p["currency"] == "USD" for p in packages)


def test_purchase_is_pending_until_the_provider_confirms(auth_api_client, bucket):
    response = _buy(auth_api_client, bucket)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["coins"] == 1200
    assert body["checkout_url"] == f"/payments/sandbox/{body['purchase_id']}/"
    assert auth_api_client.get("/api/v1/currency/balance").json()["balance"] == 0
    services.payment_event_handle(provider="sandbox", event=SandboxProvider.event(body["purchase_id"], "paid"))
    services.payment_event_handle(provider="sandbox", event=SandboxProvider.event(body["purchase_id"], "paid"))
    assert auth_api_client.get("/api/v1/currency/balance").json()["balance"] == 1200
    assert Purchase.objects.get().status == "paid"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"package_id": "not-a-package", "payment_method": "card"}, "unknown_package"),
        ({"package_id": str(uuid.uuid4()), "payment_method": "card"}, "unknown_package"),
        ({"payment_method": "card"}, "invalid"),
        ({"package_id": "x", "payment_method": "cash"}, "invalid"),
    ],
)
def test_bad_purchases_are_refused(auth_api_client, body, code):
    response = auth_api_client.post("/api/v1/currency/purchase", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Purchase.objects.exists()


def test_inactive_packages_cannot_be_bought(auth_api_client, bucket):
    CoinPackage.objects.filter(pk=bucket.pk).update(is_active=False)
    assert _buy(auth_api_client, bucket).json()["code"] == "unknown_package"


def test_idempotency_key_replays_the_first_answer(auth_api_client, bucket):
    first = _buy(auth_api_client, bucket, key="buy-0001-abcdef")
    again = _buy(auth_api_client, bucket, key="buy-0001-abcdef")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Purchase.objects.count() == 1


def test_idempotency_key_with_another_body_is_a_conflict(auth_api_client, bucket):
    _buy(auth_api_client, bucket, key="buy-0002-abcdef")
    other = CoinPackage.objects.get(name="Vault")
    response = _buy(auth_api_client, other, key="buy-0002-abcdef")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert Purchase.objects.count() == 1


@pytest.mark.parametrize("key", ["short", "has spaces in it", "x" * 121, "ünïcødé-key"])
def test_malformed_idempotency_keys_are_refused(auth_api_client, bucket, key):
    response = _buy(auth_api_client, bucket, key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Purchase.objects.exists()


def test_keys_belong_to_one_user(api_client, bucket):
    for user in UserFactory.create_batch(2):
        api_client.force_authenticate(user)
        assert _buy(api_client, bucket, key="shared-key-123").status_code == 201
    assert Purchase.objects.count() == 2
    assert IdempotentResponse.objects.count() == 2


def test_transactions_filter_and_paginate(auth_api_client, fund):
    user = fund(auth_api_client.user, 1000)
    creator = UserFactory()
    for _ in range(5):
        services.wallet_spend(payer=user, amount=10, recipient=creator, kind="gift", reference="gift:x")
    page = auth_api_client.get("/api/v1/currency/transactions?limit=2&page=2").json()
    assert (page["count"], page["page"], page["limit"], len(page["results"])) == (6, 2, 2, 2)
    gifts = auth_api_client.get("/api/v1/currency/transactions?type=gift").json()
    assert gifts["count"] == 5
    assert {(r["type"], r["amount"]) for r in gifts["results"]} == {("gift", -10)}
    grants = auth_api_client.get("/api/v1/currency/transactions?type=grant").json()["results"]
    assert [(r["type"], r["amount"], r["memo"]) for r in grants] == [("grant", 1000, "test funds")]


def test_creator_sees_earnings_in_history_and_balance(api_client, fund):
    fan, creator = fund(UserFactory(), 100), UserFactory()
    services.wallet_spend(payer=fan, amount=100, recipient=creator, kind="gift")
    api_client.force_authenticate(creator)
    earned = api_client.get("/api/v1/currency/transactions?type=earn").json()["results"]
    assert [(r["type"], r["amount"]) for r in earned] == [("earn", 70)]
    assert api_client.get("/api/v1/currency/balance").json()["earnings"]["total"] == 70


def test_unknown_transaction_type_is_a_400(auth_api_client):
    response = auth_api_client.get("/api/v1/currency/transactions?type=bribe")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_payout_api(api_client, fund, staff, settings):
    from apps.accounts.services import verification_tier_grant

    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    fan, creator = fund(UserFactory(), 5000), UserFactory()
    services.wallet_spend(payer=fan, amount=5000, recipient=creator, kind="gift")
    api_client.force_authenticate(creator)
    refused = api_client.post("/api/v1/payouts", {"coins": 1000}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "payout_not_allowed")
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    too_small = api_client.post("/api/v1/payouts", {"coins": 10}, format="json")
    assert (too_small.status_code, too_small.json()["code"]) == (400, "payout_invalid")
    created = api_client.post("/api/v1/payouts", {"coins": 1500}, format="json", HTTP_IDEMPOTENCY_KEY="payout-key-1")
    replay = api_client.post("/api/v1/payouts", {"coins": 1500}, format="json", HTTP_IDEMPOTENCY_KEY="payout-key-1")
    assert created.status_code == 201
    assert replay.json() == created.json()
    assert Payout.objects.count() == 1
    assert api_client.get("/api/v1/payouts").json()[0]["coins"] == 1500
    assert Transfer.objects.filter(kind="payout").count() == 1
