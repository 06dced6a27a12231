"""The wallet's HTML pages: balance, buying coins through the sandbox checkout, history, payouts.

Every coin here moves through apps.wallet.services (grants, spends, the sandbox checkout's
confirmation path); each money scenario ends by proving the books.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.services import verification_tier_grant
from apps.wallet import selectors, services
from apps.wallet.audit import audit
from apps.wallet.models import CoinPackage, PaymentEvent, Payout, Purchase, PurchaseStatus
from tests.factories import UserFactory
from tests.wallet.helpers import balance, earnings, make_package, make_stripe_purchase

pytestmark = pytest.mark.django_db

WALLET_URL = "/wallet/"
BUY_URL = "/wallet/buy/"
PAYOUT_URL = "/wallet/payouts/"
MINUS = "\N{MINUS SIGN}"  # amounts out show a real minus sign, not a hyphen


def bucket() -> CoinPackage:
    """The launch package of 1,000 coins + 200 bonus for $9.99."""
    return CoinPackage.objects.get(name="Bucket")


def page_of(response) -> str:
    return response.content.decode()


def history_rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html.split('id="wallet-history"', 1)[-1], re.S)
    return re.findall(r"<tr>.*?</tr>", body.group(1), re.S) if body else []


def toasts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def fan(client):
    user = UserFactory()
    client.force_login(user)
    return user


def start_purchase(client, package: CoinPackage) -> Purchase:
    response = client.post(BUY_URL, {"package_id": str(package.pk)})
    purchase = Purchase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == purchase.checkout_url == f"/payments/sandbox/{purchase.pk}/"
    return purchase


# --- The wallet page --------------------------------------------------------------------------
def test_wallet_needs_login(client):
    response = client.get(WALLET_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wallet_shows_balance_in_page_and_nav(client, fan, fund):
    fund(fan, 1234)
    html = page_of(client.get(WALLET_URL))
    assert '<span id="wallet-balance">1,234</span>' in html
    assert re.search(r'id="nav-coin-balance">.*?1,234<span class="visually-hidden"> coins</span>', html)
    assert audit() == []


def test_nav_chip_on_other_pages_and_not_for_visitors(client, fan, fund):
    fund(fan, 50)
    assert 'id="nav-coin-balance"' in page_of(client.get("/live/"))
    assert ">50<" in page_of(client.get("/live/"))
    client.logout()
    assert 'id="nav-coin-balance"' not in page_of(client.get("/live/"))


def test_nav_balance_costs_one_query_and_none_for_visitors(client, fan, fund):
    fund(fan, 75)
    with CaptureQueriesContext(connection) as signed_in:
        assert ">75<" in page_of(client.get("/tournaments/"))
    assert sum('"wallet_account"' in query["sql"] for query in signed_in.captured_queries) == 1
    client.logout()
    with CaptureQueriesContext(connection) as visitor:
        client.get("/tournaments/")
    assert not any('"wallet_account"' in query["sql"] for query in visitor.captured_queries)
    assert audit() == []


def test_wallet_page_reads_the_balance_once(client, fan, fund):
    fund(fan, 10)
    with CaptureQueriesContext(connection) as ctx:
        client.get(WALLET_URL)
    wallet_balance_reads = [
        q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "wallet_account"."balance"')
    ]
    assert len([sql for sql in wallet_balance_reads if "'user_wallet'" in sql]) == 1  # the page and the nav share it
    assert audit() == []


def test_packages_on_sale_with_bonus_and_price(client, fan):
    make_package(coins=777, price_minor=123).__class__.objects.filter(coins=777).update(is_active=False)
    html = page_of(client.get(WALLET_URL))
    for name in ("Starter", "Handful", "Bucket", "Stack", "Vault"):
        assert f">{name}</h3>" in html
    card = re.search(r'<li class="card package-card">\s*<h3[^>]*>Bucket</h3>.*?</li>', html, re.S).group(0)
    assert re.search(r"1,000 <span[^>]*>coins</span>", card)
    assert "+200 bonus" in card
    assert "$9.99" in card
    assert 'Buy<span class="visually-hidden"> 1,200 coins</span> for $9.99' in card
    assert "777" not in html  # inactive packages are not on sale
    assert html.count(f'action="{BUY_URL}"') == 5
    assert f'name="package_id" value="{bucket().pk}"' in html


def test_new_user_sees_empty_history_and_no_creator_section(client, fan):
    html = page_of(client.get(WALLET_URL))
    assert '<span id="wallet-balance">0</span>' in html
    assert "No coin movements yet" in html
    assert "Creator earnings" not in html
    assert 'action="/wallet/payouts/"' not in html


# --- History ----------------------------------------------------------------------------------
@pytest.fixture
def mixed_history(fan, fund):
    """A grant of 500, a bought Bucket (+1,200), a gift of 300 to a creator and a spend of 50."""
    fund(fan, 500)
    purchase = services.purchase_create(user=fan, package_id=bucket().pk, payment_method="card")
    services.purchase_confirm(purchase_id=purchase.pk, provider="sandbox")
    services.wallet_spend(payer=fan, amount=300, recipient=UserFactory(), kind="gift", reference="gift:7")
    services.wallet_spend(payer=fan, amount=50, memo="Tournament entry")
    return fan


def test_history_lists_every_movement_with_sign_and_colour(client, mixed_history):
    html = page_of(client.get(WALLET_URL))
    rows = history_rows(html)
    assert len(rows) == 4
    spend, gift, purchase, grant = rows  # newest first
    assert "Tournament entry" in spend
    assert f'amount--out">{MINUS}50<' in spend
    assert "Gift sent" in gift
    assert f'amount--out">{MINUS}300<' in gift
    assert "Coins bought" in purchase
    assert 'amount--in">+1,200<' in purchase
    assert "test funds" in grant  # the grant's reason is its memo
    assert 'amount--in">+500<' in grant
    assert '<span id="wallet-balance">1,350</span>' in html
    assert audit() == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("purchase", "+1,200"), ("gift", f"{MINUS}300"), ("spend", f"{MINUS}50"), ("grant", "+500")],
)
def test_history_filter_works_without_javascript(client, mixed_history, kind, expected):
    html = page_of(client.get(WALLET_URL, {"type": kind}))
    rows = history_rows(html)
    assert len(rows) == 1
    assert f">{expected}<" in rows[0]
    assert re.search(rf'id="history-filter-{kind}" href="/wallet/\?type={kind}"[^>]*aria-current="page"', html)
    assert 'id="history-filter-all" href="/wallet/"' in html


def test_history_filter_with_nothing_of_that_type(client, mixed_history):
    html = page_of(client.get(WALLET_URL, {"type": "payout"}))
    assert history_rows(html) == []
    assert "Nothing of this type yet." in html


def test_unknown_history_type_shows_everything(client, mixed_history):
    html = page_of(client.get(WALLET_URL, {"type": "bogus"}))
    assert len(history_rows(html)) == 4
    assert re.search(r'id="history-filter-all"[^>]*aria-current="page"', html)


def test_creator_sees_gift_as_earnings(client, fund):
    creator, fan = UserFactory(), UserFactory()
    fund(fan, 1000)
    services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    client.force_login(creator)
    rows = history_rows(page_of(client.get(WALLET_URL, {"type": "earn"})))
    assert len(rows) == 1
    assert "Earnings" in rows[0]
    assert "Gift received" in rows[0]
    assert ">+700<" in rows[0]
    assert audit() == []


@pytest.fixture
def thirty_grants(fan, staff):
    for number in range(1, 31):
        services.wallet_grant(user=fan, amount=number, reason=f"grant number {number}", granted_by=staff)
    return fan


def test_history_is_paginated_twenty_a_page(client, thirty_grants):
    first = page_of(client.get(WALLET_URL))
    rows = history_rows(first)
    assert len(rows) == 20
    assert "grant number 30<" in rows[0]  # newest first
    assert "Page 1 of 2" in first
    assert 'id="history-next" href="/wallet/?page=2"' in first
    assert 'id="history-prev"' not in first

    second = page_of(client.get(WALLET_URL, {"page": 2}))
    rows = history_rows(second)
    assert len(rows) == 10
    assert "grant number 10<" in rows[0]
    assert "grant number 1<" in rows[-1]
    assert 'id="history-prev" href="/wallet/?page=1"' in second
    assert 'id="history-next"' not in second


def test_pagination_links_keep_the_filter(client, thirty_grants):
    html = page_of(client.get(WALLET_URL, {"type": "grant"}))
    assert 'id="history-next" href="/wallet/?type=grant&amp;page=2"' in html
    assert len(history_rows(page_of(client.get(WALLET_URL, {"type": "grant", "page": 2})))) == 10


def test_bad_page_numbers_do_not_break_the_page(client, thirty_grants):
    assert len(history_rows(page_of(client.get(WALLET_URL, {"page": "x"})))) == 20
    assert len(history_rows(page_of(client.get(WALLET_URL, {"page": 99})))) == 10


def test_filter_and_page_links_are_htmx_links_with_real_hrefs(client, thirty_grants):
    html = page_of(client.get(WALLET_URL))
    links = re.findall(r"<a id=\"history-[^>]*>", html) + re.findall(
        r'<a class="btn btn-ghost" id="history-[^>]*>', html
    )
    assert len(links) == 1 + len(selectors.HISTORY_TYPES) + 1  # All, each type, and Older
    for link in links:
        href = re.search(r'href="([^"]+)"', link).group(1)
        assert f'hx-get="{href}"' in link
        assert 'hx-target="#wallet-history"' in link
        assert 'hx-push-url="true"' in link


def test_htmx_request_gets_only_the_history_partial(client, thirty_grants):
    response = client.get(WALLET_URL, {"type": "grant", "page": 2}, headers={"HX-Request": "true"})
    html = page_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert "Buy coins" not in html
    assert html.lstrip().startswith('<h2 id="history-heading">')
    assert len(re.findall(r"<tr>", html.split("<tbody>")[1])) == 10
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, thirty_grants):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = page_of(client.get(WALLET_URL, {"page": 2}, headers=headers))
    assert "<html" in html
    assert "Buy coins" in html


def test_wallet_page_query_count_is_flat(client, thirty_grants, fund, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):  # 14 with the header bell's unread count
        response = client.get(WALLET_URL, {"type": "grant"})
    assert len(history_rows(page_of(response))) == 20
    with django_assert_max_num_queries(14):  # 14 with the header bell's unread count
        response = client.get(WALLET_URL, {"page": 2})
    assert len(history_rows(page_of(response))) == 10
    with django_assert_max_num_queries(4):
        client.get(WALLET_URL, headers={"HX-Request": "true"})


def test_creator_wallet_page_query_count_is_flat(client, staff, fund, django_assert_max_num_queries):
    creator = UserFactory()
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    fan = fund(UserFactory(), 40_000)
    for _ in range(30):
        services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    client.force_login(creator)
    with django_assert_max_num_queries(14):  # 14 with the header bell's unread count
        html = page_of(client.get(WALLET_URL))
    assert len(history_rows(html)) == 20
    assert "Creator earnings" in html
    assert audit() == []


# --- Buying coins -----------------------------------------------------------------------------
def test_buy_starts_a_purchase_and_credits_nothing_yet(client, fan):
    purchase = start_purchase(client, bucket())
    assert (purchase.user, purchase.coins, purchase.price_minor, purchase.status) == (fan, 1200, 999, "pending")
    assert balance(fan) == 0
    assert audit() == []


def test_buy_is_post_only(client, fan):
    assert client.get(BUY_URL).status_code == 405


@pytest.mark.parametrize("package_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "inactive", ""])
def test_buying_an_unknown_or_inactive_package_is_an_error_message(client, fan, package_id):
    if package_id == "inactive":
        package = make_package()
        CoinPackage.objects.filter(pk=package.pk).update(is_active=False)
        package_id = str(package.pk)
    response = client.post(BUY_URL, {"package_id": package_id}, follow=True)
    assert response.redirect_chain == [(WALLET_URL, 302)]
    assert any("not on sale" in message for message in toasts(response))
    assert 'class="toast toast-error"' in page_of(response)
    assert not Purchase.objects.exists()


def test_sandbox_checkout_page_shows_the_purchase(client, fan):
    purchase = start_purchase(client, bucket())
    html = page_of(client.get(purchase.checkout_url))
    assert "Sandbox checkout" in html
    assert "no real money moves" in html
    assert "Bucket" in html
    assert "1,200" in html
    assert "+ 200 bonus" in html
    assert "$9.99" in html
    assert '<button class="btn btn-primary" type="submit" name="outcome" value="paid">Pay $9.99</button>' in html
    assert 'name="outcome" value="cancelled">Cancel</button>' in html


def test_pay_credits_the_coins_once(client, fan):
    purchase = start_purchase(client, bucket())
    assert balance(fan) == 0

    response = client.post(purchase.checkout_url, {"outcome": "paid"}, follow=True)
    assert response.redirect_chain == [(WALLET_URL, 302)]
    assert "1,200 coins added to your wallet." in toasts(response)
    html = page_of(response)
    assert '<span id="wallet-balance">1,200</span>' in html
    assert re.search(r'id="nav-coin-balance">.*?1,200<', html)
    assert "Coins bought" in history_rows(html)[0]
    assert balance(fan) == 1200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert PaymentEvent.objects.filter(purchase=purchase, event_id=f"sandbox_{purchase.pk}_paid").count() == 1

    # A second press (a double click, a resubmitted form) credits nothing more.
    response = client.post(purchase.checkout_url, {"outcome": "paid"}, follow=True)
    assert "This purchase is already paid." in toasts(response)
    assert balance(fan) == 1200
    html = page_of(client.get(purchase.checkout_url))
    assert "This purchase is paid" in html
    assert 'value="paid"' not in html
    assert audit() == []


def test_pay_goes_through_the_provider_event_path(client, fan, monkeypatch):
    purchase = start_purchase(client, bucket())
    seen = []
    handle = services.payment_event_handle

    def spy(**kwargs):
        seen.append(kwargs)
        return handle(**kwargs)

    monkeypatch.setattr(services, "payment_event_handle", spy)
    client.post(purchase.checkout_url, {"outcome": "paid"})
    assert [(call["provider"], call["event"].outcome, call["event"].purchase_id) for call in seen] == [
        ("sandbox", "paid", str(purchase.pk))
    ]
    assert balance(fan) == 1200
    assert audit() == []


def test_cancel_credits_nothing(client, fan):
    purchase = start_purchase(client, bucket())
    response = client.post(purchase.checkout_url, {"outcome": "cancelled"}, follow=True)
    assert response.redirect_chain == [(WALLET_URL, 302)]
    assert any("Purchase cancelled" in message for message in toasts(response))
    assert '<span id="wallet-balance">0</span>' in page_of(response)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CANCELLED

    # The closed checkout shows its state, and a late Pay from a stale tab moves nothing.
    html = page_of(client.get(purchase.checkout_url))
    assert "This purchase is cancelled" in html
    assert 'value="paid"' not in html
    client.post(purchase.checkout_url, {"outcome": "paid"})
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CANCELLED
    assert balance(fan) == 0
    assert audit() == []


@pytest.mark.parametrize("outcome", ["", "failed", "PAID", "refunded"])
def test_a_bad_outcome_is_400(client, fan, outcome):
    purchase = start_purchase(client, bucket())
    assert client.post(purchase.checkout_url, {"outcome": outcome}).status_code == 400
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PENDING
    assert balance(fan) == 0
    assert not PaymentEvent.objects.exists()


def test_only_the_buyer_sees_the_checkout(client, fan):
    purchase = start_purchase(client, bucket())
    client.force_login(UserFactory())
    assert client.get(purchase.checkout_url).status_code == 404
    assert client.post(purchase.checkout_url, {"outcome": "paid"}).status_code == 404
    assert client.post(purchase.checkout_url, {"outcome": "cancelled"}).status_code == 404
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PENDING
    assert balance(fan) == 0
    client.logout()
    response = client.get(purchase.checkout_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert audit() == []


def test_unknown_purchase_is_404(client, fan):
    assert client.get("/payments/sandbox/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_stripe_purchase_cannot_be_paid_on_the_sandbox_page(client, fan):
    purchase = make_stripe_purchase(fan, bucket())
    url = reverse("wallet:sandbox_checkout", args=[purchase.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "paid"}).status_code == 404
    assert balance(fan) == 0


# --- Creator earnings and payouts -------------------------------------------------------------
@pytest.fixture
def creator(client, staff, fund, settings):
    """A creator with 700 coins of earnings (a fan's 1,000-coin gift), signed in."""
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    creator = UserFactory()
    fan = fund(UserFactory(), 1000)
    services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    client.force_login(creator)
    return creator


@pytest.fixture
def verified(creator, staff):
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    return creator


def field_errors(response, name="coins") -> list[str]:
    return response.context["payout_form"].errors.get(name, [])


def test_creator_section_shows_earnings_and_payout_form(client, creator, settings):
    settings.WALLET_PAYOUT_MINIMUM_COINS = 250
    html = page_of(client.get(WALLET_URL))
    assert "Creator earnings" in html
    assert re.search(r"<dt>Total</dt><dd>700</dd>", html)
    assert '<dd id="earnings-available">700</dd>' in html
    assert re.search(r"<dt>On hold</dt><dd>0</dd>", html)
    assert re.search(r"<dt>In payout</dt><dd>0</dd>", html)
    assert 'action="/wallet/payouts/"' in html
    assert '<label for="id_coins">Coins to cash out:</label>' in html
    assert "Minimum 250 coins." in html
    assert "No payouts yet." in html


def test_earnings_on_hold(client, creator, settings):
    settings.WALLET_EARNINGS_HOLD_DAYS = 3
    html = page_of(client.get(WALLET_URL))
    assert '<dd id="earnings-available">0</dd>' in html
    assert re.search(r"<dt>On hold</dt><dd>700</dd>", html)


def test_unverified_creator_cannot_request_a_payout(client, creator, settings):
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100
    response = client.post(PAYOUT_URL, {"coins": 500})
    assert response.status_code == 200
    assert (
        "Get verified (Basic or above) before requesting a payout."
        in response.context["payout_form"].non_field_errors()
    )
    assert 'class="form-errors" role="alert"' in page_of(response)
    assert not Payout.objects.exists()
    assert earnings(creator) == 700
    assert audit() == []


def test_payout_below_the_minimum_is_a_field_error(client, verified):
    response = client.post(PAYOUT_URL, {"coins": 500})
    assert response.status_code == 200
    assert field_errors(response) == ["The minimum payout is 1,000 coins."]
    html = page_of(response)
    assert 'class="field field--error"' in html
    assert 'value="500"' in html  # the bound form keeps what was typed
    assert "Creator earnings" in html
    assert not Payout.objects.exists()
    assert earnings(verified) == 700
    assert audit() == []


@pytest.mark.parametrize(("coins", "message"), [("", "This field is required."), ("lots", "Enter a whole number.")])
def test_payout_form_checks_its_input(client, verified, coins, message):
    response = client.post(PAYOUT_URL, {"coins": coins})
    assert response.status_code == 200
    assert field_errors(response) == [message]
    assert not Payout.objects.exists()


def test_payout_over_available_earnings(client, verified, settings):
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100
    response = client.post(PAYOUT_URL, {"coins": 701})
    assert field_errors(response) == ["You can cash out up to 700 coins now."]
    assert not Payout.objects.exists()
    assert audit() == []


def test_verified_creator_requests_a_payout(client, verified, settings):
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100
    response = client.post(PAYOUT_URL, {"coins": 600}, follow=True)
    assert response.redirect_chain == [(WALLET_URL, 302)]
    assert "Payout of 600 coins requested." in toasts(response)
    payout = Payout.objects.get()
    assert (payout.user, payout.coins, payout.amount_minor, payout.status) == (verified, 600, 600, "pending")
    assert earnings(verified) == 100
    html = page_of(response)
    assert '<dd id="earnings-available">100</dd>' in html
    assert re.search(r"<dt>In payout</dt><dd>600</dd>", html)
    assert re.search(
        r'<td class="num" data-label="Coins">600</td>\s*<td class="num" data-label="Amount">\$6.00</td>\s*'
        r'<td data-label="Status"><span class="status status--pending">Pending</span>',
        html,
    )
    payout_rows = [row for row in history_rows(html) if "Payout requested" in row]
    assert len(payout_rows) == 1
    assert f">{MINUS}600<" in payout_rows[0]
    assert f"Payout #{payout.pk}" in payout_rows[0]
    assert audit() == []


def test_failed_payout_shows_its_reason(client, verified, settings):
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100
    payout = services.payout_request(user=verified, coins=300)
    services.payout_mark_failed(payout_id=payout.pk, reason="The bank refused the account number.")
    html = page_of(client.get(WALLET_URL))
    assert '<span class="status status--failed">Failed</span>' in html
    assert "The bank refused the account number." in html
    assert earnings(verified) == 700
    assert audit() == []


def test_payouts_is_post_only_and_needs_login(client):
    client.force_login(UserFactory())
    assert client.get(PAYOUT_URL).status_code == 405
    client.logout()
    response = client.post(PAYOUT_URL, {"coins": 1000})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
