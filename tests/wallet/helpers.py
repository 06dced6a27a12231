"""Shared set-up for the wallet's concurrency, property and Stripe tests.

Set-up only: every coin in these tests moves through apps.wallet.services; the ORM is used
directly just to create packages, purchases and tiers that a test starts from.
"""

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from apps.accounts.models import AthleteProfile
from apps.wallet import services
from apps.wallet.models import Account, AccountKind, CoinPackage, Purchase
from apps.wallet.payments import stripe_signature
from tests.factories import UserFactory

STRIPE_WEBHOOK_URL = "/api/v1/payments/stripe/webhook"
WEBHOOK_SECRET = "whsec_test_only_0123456789"


# --- Balances ---------------------------------------------------------------------------------
def balance(user, kind: str = AccountKind.USER_WALLET) -> int:
    """The cached balance of one of the user's accounts (0 before it opens)."""
    return Account.objects.filter(owner=user, kind=kind).values_list("balance", flat=True).first() or 0


def system_balance(kind: str) -> int:
    return Account.objects.filter(owner=None, kind=kind).values_list("balance", flat=True).first() or 0


def earnings(user) -> int:
    return balance(user, AccountKind.CREATOR_EARNINGS)


# --- People and money -------------------------------------------------------------------------
def make_staff():
    return UserFactory(is_staff=True)


def fund(user, coins: int, *, staff) -> None:
    """Coins the way staff give them: minted into the wallet by a grant."""
    services.wallet_grant(user=user, amount=coins, reason="test funds", granted_by=staff)


def make_creator(tier: str = "BASIC_VERIFIED"):
    """A user who may cash out (tier set directly: verification has its own tests)."""
    creator = UserFactory()
    AthleteProfile.objects.filter(user=creator).update(verification_tier=tier)
    return creator


def make_package(*, coins: int = 500, bonus: int = 0, price_minor: int = 499, currency: str = "USD") -> CoinPackage:
    return CoinPackage.objects.create(
        name=f"Test {coins}", coins=coins, bonus_coins=bonus, price_minor=price_minor, currency=currency
    )


def make_stripe_purchase(user, package: CoinPackage) -> Purchase:
    """A pending Stripe purchase, as purchase_create leaves it after Stripe answered."""
    return Purchase.objects.create(
        user=user,
        package=package,
        coins=package.total_coins,
        price_minor=package.price_minor,
        currency=package.currency,
        provider="stripe",
        provider_reference=f"cs_test_{uuid.uuid4().hex[:12]}",
        checkout_url="https://checkout.stripe.test/session",
    )


# --- Stripe webhooks --------------------------------------------------------------------------
def stripe_event(
    event_type: str = "checkout.session.completed",
    *,
    purchase_id=None,
    payment_status: str = "paid",
    event_id: str | None = None,
    client_reference_id=None,
) -> bytes:
    """A Stripe event body as Stripe sends it (only the fields we read, plus a few more)."""
    session = {
        "id": "cs_test_session",
        "object": "checkout.session",
        "payment_status": payment_status,
        "client_reference_id": str(client_reference_id) if client_reference_id else None,
        "metadata": {"purchase_id": str(purchase_id)} if purchase_id is not None else {},
    }
    event = {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": event_type,
        "data": {"object": session},
    }
    return json.dumps(event).encode()


def stripe_header(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={stripe_signature(payload=payload, secret=secret, timestamp=timestamp)}"


def post_webhook(client, payload: bytes, header: str | None):
    headers = {"Stripe-Signature": header} if header is not None else {}
    return client.post(STRIPE_WEBHOOK_URL, data=payload, content_type="application/json", headers=headers)


# --- Threads ----------------------------------------------------------------------------------
def in_threads(work, count: int):
    """Run work(index) for index in range(count), all at once, each on its own connection.

    Every thread connects first and then waits at a barrier, so the calls really race."""
    barrier = threading.Barrier(count)

    def run(index):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
