"""Stripe, without the network: signed webhooks through the real endpoint, and Checkout
Sessions created against a local stand-in for Stripe's API."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import stripe

from apps.wallet import services
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind, PaymentEvent, Purchase, PurchaseStatus, Transfer, TransferKind
from tests.factories import UserFactory
from tests.wallet.helpers import (
    WEBHOOK_SECRET,
    balance,
    make_package,
    make_stripe_purchase,
    post_webhook,
    stripe_event,
    stripe_header,
    system_balance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stripe_settings(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def purchase(buyer):
    return make_stripe_purchase(buyer, make_package(coins=1000, bonus=200, price_minor=999))


def _deliver(client, payload: bytes, **header_options):
    return post_webhook(client, payload, stripe_header(payload, **header_options))


def _assert_credited_once(purchase, buyer):
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert balance(buyer) == 1200
    assert system_balance(AccountKind.MINT) == -1200
    assert Transfer.objects.filter(kind=TransferKind.PURCHASE).count() == 1
    assert purchase.transfer.reference == f"purchase:{purchase.pk}"
    assert audit() == []


def _assert_nothing_written(purchase, buyer):
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PENDING
    assert purchase.transfer is None
    assert balance(buyer) == 0
    assert not PaymentEvent.objects.exists()
    assert not Transfer.objects.exists()
    assert audit() == []


# --- Signatures ---------------------------------------------------------------------------------
def test_a_correctly_signed_paid_checkout_credits_the_coins(client, purchase, buyer):
    response = _deliver(client, stripe_event(purchase_id=purchase.pk))
    assert response.status_code == 200
    assert response.json() == {"received": True}
    _assert_credited_once(purchase, buyer)
    event = PaymentEvent.objects.get()
    assert (event.provider, event.event_type, event.purchase) == ("stripe", "checkout.session.completed", purchase)


def test_client_reference_id_is_enough_when_metadata_is_missing(client, purchase, buyer):
    response = _deliver(client, stripe_event(purchase_id=None, client_reference_id=purchase.pk))
    assert response.status_code == 200
    _assert_credited_once(purchase, buyer)


def test_a_signature_within_the_tolerance_is_accepted(client, purchase, buyer):
    response = _deliver(client, stripe_event(purchase_id=purchase.pk), timestamp=int(time.time()) - 240)
    assert response.status_code == 200
    _assert_credited_once(purchase, buyer)


def test_one_good_signature_among_several_is_enough(client, purchase, buyer):
    # During a secret roll Stripe signs with both secrets: `t=..,v1=<old>,v1=<new>`.
    payload, now = stripe_event(purchase_id=purchase.pk), int(time.time())
    good = stripe_header(payload, timestamp=now)
    header = f"{stripe_header(payload, secret='whsec_old', timestamp=now)},{good.split(',', 1)[1]}"
    assert post_webhook(client, payload, header).status_code == 200
    _assert_credited_once(purchase, buyer)


def _wrong_secret(payload):
    return stripe_header(payload, secret="whsec_someone_else")


def _other_body(payload):
    return stripe_header(payload.replace(b'"paid"', b'"unpaid"'))


def _stale(payload):
    return stripe_header(payload, timestamp=int(time.time()) - 360)


def _future(payload):
    return stripe_header(payload, timestamp=int(time.time()) + 360)


def _no_signature(payload):
    return f"t={int(time.time())}"


def _two_timestamps(payload):
    header = stripe_header(payload)
    return f"t={int(time.time())},{header}"


def _v0_only(payload):
    return stripe_header(payload).replace("v1=", "v0=")


def _garbage(payload):
    return "definitely not a signature"


@pytest.mark.parametrize(
    "make_header",
    [_wrong_secret, _other_body, _stale, _future, _no_signature, _two_timestamps, _v0_only, _garbage],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_bad_signature_is_refused_and_writes_nothing(client, purchase, buyer, make_header):
    payload = stripe_event(purchase_id=purchase.pk)
    response = post_webhook(client, payload, make_header(payload))
    assert response.status_code == 400
    assert response.json()["code"] == "payment_rejected"
    assert response.json()["detail"]
    _assert_nothing_written(purchase, buyer)


@pytest.mark.parametrize("header", [None, ""], ids=["absent", "empty"])
def test_a_missing_signature_header_is_refused(client, purchase, buyer, header):
    response = post_webhook(client, stripe_event(purchase_id=purchase.pk), header)
    assert response.status_code == 400
    assert response.json()["code"] == "payment_rejected"
    _assert_nothing_written(purchase, buyer)


def test_a_webhook_secret_that_is_not_configured_accepts_nothing(client, purchase, buyer, settings):
    # An empty secret must not make an HMAC that anyone can compute count as proof.
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = stripe_event(purchase_id=purchase.pk)
    response = post_webhook(client, payload, stripe_header(payload, secret=""))
    assert response.status_code == 400
    _assert_nothing_written(purchase, buyer)


def test_a_timestamp_in_non_ascii_digits_is_refused_not_a_server_error(client, purchase, buyer):
    # "²" (U+00B2, a latin-1 byte any HTTP client can send) passes str.isdigit() but not int().
    payload = stripe_event(purchase_id=purchase.pk)
    response = post_webhook(client, payload, "t=\u00b2,v1=00")
    assert response.status_code == 400
    assert response.json()["code"] == "payment_rejected"
    _assert_nothing_written(purchase, buyer)


def test_a_signed_body_that_is_not_an_event_is_refused(client, purchase, buyer):
    for payload in (b"not json", b"[]", json.dumps({"id": "evt_1", "type": "x"}).encode()):
        response = _deliver(client, payload)
        assert response.status_code == 400, payload
        assert response.json()["code"] == "payment_rejected"
    _assert_nothing_written(purchase, buyer)


# --- Which purchase, and how often ----------------------------------------------------------------
@pytest.mark.parametrize("purchase_id", [uuid.uuid4(), "not-a-uuid", None], ids=["unknown", "malformed", "absent"])
def test_an_event_for_a_purchase_we_do_not_know_is_acknowledged_and_ignored(client, purchase, buyer, purchase_id):
    response = _deliver(client, stripe_event(purchase_id=purchase_id))
    assert response.status_code == 200
    _assert_nothing_written(purchase, buyer)


def test_a_redelivered_event_is_handled_once(client, purchase, buyer):
    payload = stripe_event(purchase_id=purchase.pk, event_id="evt_redelivered")
    for _ in range(3):
        assert _deliver(client, payload).status_code == 200
    _assert_credited_once(purchase, buyer)
    assert PaymentEvent.objects.filter(event_id="evt_redelivered").count() == 1


def test_a_second_paid_event_for_a_paid_purchase_credits_nothing_more(client, purchase, buyer):
    assert _deliver(client, stripe_event(purchase_id=purchase.pk)).status_code == 200
    purchase.refresh_from_db()
    first_transfer = purchase.transfer_id
    late = stripe_event("checkout.session.async_payment_succeeded", purchase_id=purchase.pk)
    assert _deliver(client, late).status_code == 200
    _assert_credited_once(purchase, buyer)
    assert purchase.transfer_id == first_transfer
    assert PaymentEvent.objects.filter(purchase=purchase).count() == 2


def test_a_completed_but_unpaid_checkout_credits_nothing_until_the_payment_clears(client, purchase, buyer):
    # Bank debits complete the session first and pay later (async_payment_succeeded).
    assert _deliver(client, stripe_event(purchase_id=purchase.pk, payment_status="unpaid")).status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PENDING
    assert balance(buyer) == 0
    assert not Transfer.objects.exists()

    cleared = stripe_event("checkout.session.async_payment_succeeded", purchase_id=purchase.pk)
    assert _deliver(client, cleared).status_code == 200
    _assert_credited_once(purchase, buyer)


def test_an_async_payment_failure_fails_the_purchase(client, purchase, buyer):
    failed = stripe_event("checkout.session.async_payment_failed", purchase_id=purchase.pk, payment_status="unpaid")
    assert _deliver(client, failed).status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.FAILED
    assert purchase.completed_at is not None
    assert balance(buyer) == 0
    assert not Transfer.objects.exists()
    assert audit() == []


def test_an_expired_checkout_cancels_the_purchase(client, purchase, buyer):
    expired = stripe_event("checkout.session.expired", purchase_id=purchase.pk, payment_status="unpaid")
    assert _deliver(client, expired).status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CANCELLED
    assert balance(buyer) == 0


def test_a_failure_after_payment_leaves_the_purchase_paid(client, purchase, buyer):
    assert _deliver(client, stripe_event(purchase_id=purchase.pk)).status_code == 200
    failed = stripe_event("checkout.session.async_payment_failed", purchase_id=purchase.pk)
    assert _deliver(client, failed).status_code == 200
    _assert_credited_once(purchase, buyer)


def test_an_event_we_do_not_act_on_changes_nothing(client, purchase, buyer):
    response = _deliver(client, stripe_event("checkout.session.async_payment_pending", purchase_id=purchase.pk))
    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PENDING
    assert not Transfer.objects.exists()


def test_a_stripe_event_cannot_pay_a_purchase_made_with_another_provider(client, buyer, settings):
    settings.WALLET_PAYMENT_PROVIDER = "sandbox"
    sandbox_purchase = services.purchase_create(
        user=buyer, package_id=make_package().pk, payment_method="card", callback_url=""
    )
    response = _deliver(client, stripe_event(purchase_id=sandbox_purchase.pk))
    assert response.status_code == 400
    assert response.json()["code"] == "payment_rejected"
    sandbox_purchase.refresh_from_db()
    assert sandbox_purchase.status == PurchaseStatus.PENDING
    assert balance(buyer) == 0
    assert not Transfer.objects.exists()
    assert not PaymentEvent.objects.exists()


# --- Creating a Checkout Session -----------------------------------------------------------------
class FakeStripe(BaseHTTPRequestHandler):
    """Stands in for api.stripe.com: records each request and answers like Stripe."""

    requests: list
    status = 200
    answer = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "url": "https://checkout.stripe.test/cs_test_1",
    }

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.requests.append({"path": self.path, "headers": dict(self.headers), "form": parse_qs(body)})
        data = json.dumps(self.answer).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_test_1")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def fake_stripe(settings):
    handler = type("Handler", (FakeStripe,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WALLET_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SITE_URL = "https://ballskill.test"
    yield handler
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_start_checkout_creates_a_stripe_checkout_session(fake_stripe, buyer):
    package = make_package(coins=1000, bonus=200, price_minor=999)
    purchase = services.purchase_create(
        user=buyer, package_id=package.pk, payment_method="card", callback_url="https://app.test/done"
    )

    assert len(fake_stripe.requests) == 1
    sent = fake_stripe.requests[0]
    headers = {name.lower(): value for name, value in sent["headers"].items()}
    form = {key: values[0] for key, values in sent["form"].items()}
    assert sent["path"] == "/v1/checkout/sessions"
    assert headers["authorization"] == "Bearer sk_test_x"
    assert headers["idempotency-key"] == f"purchase-{purchase.pk}"
    assert headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert form["mode"] == "payment"
    assert form["metadata[purchase_id]"] == str(purchase.pk)
    assert form["client_reference_id"] == str(purchase.pk)
    assert form["line_items[0][quantity]"] == "1"
    assert form["line_items[0][price_data][unit_amount]"] == "999"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][price_data][product_data][name]"] == "1,200 coins"
    assert form["success_url"] == form["cancel_url"] == "https://app.test/done"

    purchase.refresh_from_db()
    assert purchase.provider == "stripe"
    assert purchase.status == PurchaseStatus.PENDING
    assert purchase.checkout_url == "https://checkout.stripe.test/cs_test_1"
    assert purchase.provider_reference == "cs_test_1"
    assert (purchase.coins, purchase.price_minor, purchase.currency) == (1200, 999, "USD")
    assert balance(buyer) == 0
    assert not Transfer.objects.exists()


def test_without_a_callback_url_stripe_returns_the_buyer_to_the_wallet(fake_stripe, buyer):
    services.purchase_create(user=buyer, package_id=make_package().pk, payment_method="card")
    form = {key: values[0] for key, values in fake_stripe.requests[0]["form"].items()}
    assert form["success_url"] == form["cancel_url"] == "https://ballskill.test/wallet/"


def test_a_checkout_stripe_refuses_leaves_no_purchase(fake_stripe, buyer):
    fake_stripe.status = 400
    fake_stripe.answer = {"error": {"type": "invalid_request_error", "message": "No such currency: zzz"}}
    with pytest.raises(stripe.InvalidRequestError):
        services.purchase_create(user=buyer, package_id=make_package().pk, payment_method="card")
    assert not Purchase.objects.exists()
