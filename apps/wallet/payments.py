"""Payment providers: where a buyer pays for a coin package.

`sandbox` (the default) is a local checkout page; `stripe` is Stripe Checkout. Both report
the outcome through `services.payment_event_handle`, the one confirmation path.
"""

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import reverse

from apps.wallet.errors import PaymentRejected

# Stripe's recommended tolerance for webhook timestamps, in seconds, both ways.
SIGNATURE_TOLERANCE = 300


@dataclass(frozen=True)
class Checkout:
    url: str
    reference: str


@dataclass(frozen=True)
class ProviderEvent:
    """A provider's news about one purchase, already authenticated."""

    event_id: str
    event_type: str
    purchase_id: str | None
    # "paid", "cancelled", "failed", or None for events that change nothing.
    outcome: str | None


class SandboxProvider:
    """A local checkout page with Pay and Cancel buttons, for development and demos."""

    name = "sandbox"

    def start_checkout(self, purchase) -> Checkout:
        return Checkout(url=reverse("wallet:sandbox_checkout", args=[purchase.pk]), reference=f"sandbox_{purchase.pk}")

    @staticmethod
    def event(purchase_id, outcome: str) -> ProviderEvent:
        # One event per purchase and outcome: pressing Pay twice is the same event twice.
        return ProviderEvent(f"sandbox_{purchase_id}_{outcome}", f"sandbox.{outcome}", str(purchase_id), outcome)


class StripeProvider:
    """Stripe Checkout Sessions, confirmed by signed webhooks."""

    name = "stripe"

    OUTCOMES = {
        "checkout.session.async_payment_succeeded": "paid",
        "checkout.session.async_payment_failed": "failed",
        "checkout.session.expired": "cancelled",
    }

    def start_checkout(self, purchase) -> Checkout:
        import stripe

        client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=_stripe_base())
        done = purchase.callback_url or settings.SITE_URL + reverse("wallet:index")
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": str(purchase.pk),
                "metadata": {"purchase_id": str(purchase.pk)},
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": purchase.currency.lower(),
                            "unit_amount": purchase.price_minor,
                            "product_data": {"name": f"{purchase.coins:,} coins"},
                        },
                    }
                ],
                "success_url": done,
                "cancel_url": done,
            },
            options={"idempotency_key": f"purchase-{purchase.pk}"},
        )
        return Checkout(url=session.url, reference=session.id)

    def parse_webhook(self, *, payload: bytes, signature_header: str | None, now: float | None = None) -> ProviderEvent:
        verify_stripe_signature(
            payload=payload, header=signature_header, secret=settings.STRIPE_WEBHOOK_SECRET, now=now or time.time()
        )
        try:
            event = json.loads(payload)
            session = event["data"]["object"]
            event_id, event_type = str(event["id"]), str(event["type"])
        except (ValueError, KeyError, TypeError):
            raise PaymentRejected("The event is not a Stripe event.") from None
        purchase_id = (session.get("metadata") or {}).get("purchase_id") or session.get("client_reference_id")
        if event_type == "checkout.session.completed":
            outcome = "paid" if session.get("payment_status") == "paid" else None
        else:
            outcome = self.OUTCOMES.get(event_type)
        return ProviderEvent(event_id, event_type, purchase_id, outcome)


def _stripe_base() -> dict:
    return {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {}


def stripe_signature(*, payload: bytes, secret: str, timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_stripe_signature(*, payload: bytes, header: str | None, secret: str, now: float) -> None:
    """Check a `Stripe-Signature` header: `t=<unix time>,v1=<hex HMAC-SHA256>[,v1=...]`."""
    if not secret:
        # Without a secret anyone could sign; refuse everything until one is configured.
        raise PaymentRejected("Stripe webhooks are not configured on this server.")
    if not header:
        raise PaymentRejected("Missing Stripe-Signature header.")
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in parts if key == "t"]
    signatures = [value for key, value in parts if key == "v1"]
    if len(timestamps) != 1 or not re.fullmatch(r"[0-9]{1,12}", timestamps[0]) or not signatures:
        raise PaymentRejected("Malformed Stripe-Signature header.")
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > SIGNATURE_TOLERANCE:
        raise PaymentRejected("The webhook timestamp is outside the 5 minute tolerance.")
    expected = stripe_signature(payload=payload, secret=secret, timestamp=timestamp)
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise PaymentRejected("The webhook signature does not match.")


PROVIDERS = {provider.name: provider for provider in (SandboxProvider, StripeProvider)}


@cache
def _provider(name: str):
    return PROVIDERS[name]()


def payment_provider(name: str | None = None):
    return _provider(name or settings.WALLET_PAYMENT_PROVIDER)
