"""A fan buys coins in a real browser: wallet, sandbox checkout, Pay, and the coins in page and nav."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from apps.accounts.services import verification_tier_grant
from apps.wallet import services
from apps.wallet.audit import audit
from apps.wallet.models import Account, AccountKind, Purchase
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def launch_packages(transactional_db):
    """The packages migration 0003 puts on sale; the live server's flush after each test removes them."""
    importlib.import_module("apps.wallet.migrations.0003_coin_packages").add_packages(apps, None)


def log_in(page: Page, username: str):
    page.goto("/accounts/login/")
    page.locator('[name="login"]').fill(username)
    page.locator('[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_fan_buys_coins_through_the_sandbox_checkout(launch_packages, page: Page, screenshot):
    fan = UserFactory(username="courtside_fan")
    nav = page.get_by_role("navigation", name="Main")
    log_in(page, fan.username)
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()

    wallet_link = nav.get_by_role("link", name=re.compile(r"^Wallet"))
    expect(wallet_link).to_contain_text("0")
    wallet_link.click()
    expect(page).to_have_url(re.compile(r"/wallet/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wallet")
    expect(page.locator("#wallet-balance")).to_have_text("0")
    expect(page.locator(".package-card")).to_have_count(5)

    bucket = page.locator(".package-card", has=page.get_by_role("heading", name="Bucket"))
    expect(bucket).to_contain_text("+200 bonus")
    bucket.get_by_role("button", name="Buy 1,200 coins for $9.99").click()

    purchase = Purchase.objects.get(user=fan)
    expect(page).to_have_url(re.compile(rf"/payments/sandbox/{purchase.pk}/$"))
    expect(page.get_by_role("note")).to_contain_text("no real money moves")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bucket")
    expect(page.locator(".checkout-card")).to_contain_text("1,200")
    expect(page.locator(".checkout-card")).to_contain_text("$9.99")
    screenshot("wallet-01-sandbox-checkout")
    assert Account.objects.filter(owner=fan, kind=AccountKind.USER_WALLET, balance__gt=0).count() == 0

    page.get_by_role("button", name="Pay $9.99").click()
    expect(page).to_have_url(re.compile(r"/wallet/$"))
    expect(page.locator("#toasts")).to_contain_text("1,200 coins added")
    expect(page.locator("#wallet-balance")).to_have_text("1,200")
    expect(nav.locator("#nav-coin-balance")).to_have_text("1,200 coins")
    history = page.locator("#wallet-history tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Purchase")
    expect(history.first).to_contain_text("+1,200")
    screenshot("wallet-02-after-pay")

    # The filter swaps only the history (htmx) and keeps a real address.
    page.locator("#history-filter-spend").click()
    expect(page).to_have_url(re.compile(r"/wallet/\?type=spend$"))
    expect(page.locator("#wallet-history")).to_contain_text("Nothing of this type yet.")
    expect(page.locator("#history-filter-spend")).to_have_attribute("aria-current", "page")
    expect(page.locator("#history-filter-spend")).to_be_focused()
    expect(page.locator("#wallet-balance")).to_have_text("1,200")
    page.locator("#history-filter-purchase").click()
    expect(page).to_have_url(re.compile(r"/wallet/\?type=purchase$"))
    expect(history).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/wallet/\?type=spend$"))
    expect(page.locator("#wallet-history")).to_contain_text("Nothing of this type yet.")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/wallet/")
    expect(page.locator("#wallet-balance")).to_have_text("1,200")
    screenshot("wallet-03-mobile")

    purchase.refresh_from_db()
    assert purchase.status == "paid"
    assert Account.objects.get(owner=fan, kind=AccountKind.USER_WALLET).balance == 1200
    assert audit() == []


def test_creator_requests_a_payout(launch_packages, page: Page, screenshot, settings):
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100
    staff = UserFactory(is_staff=True)
    creator, fan = UserFactory(username="splash_creator"), UserFactory()
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    services.wallet_grant(user=fan, amount=1000, reason="test funds", granted_by=staff)
    services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")

    log_in(page, creator.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Wallet")).click()
    expect(page.get_by_role("heading", name="Creator earnings")).to_be_visible()
    expect(page.locator("#earnings-available")).to_have_text("700")
    expect(page.locator("#wallet-history tbody tr").first).to_contain_text("Gift received")

    coins = page.get_by_label("Coins to cash out")
    coins.fill("50")
    page.get_by_role("button", name="Request payout").click()
    expect(page.locator(".field--error .error")).to_have_text("The minimum payout is 100 coins.")
    expect(coins).to_have_attribute("aria-invalid", "true")
    expect(coins).to_have_value("50")
    screenshot("wallet-04-payout-error")

    coins.fill("600")
    page.get_by_role("button", name="Request payout").click()
    expect(page).to_have_url(re.compile(r"/wallet/$"))
    expect(page.locator("#toasts")).to_contain_text("Payout of 600 coins requested.")
    expect(page.locator("#earnings-available")).to_have_text("100")
    payout_row = page.locator("table", has=page.get_by_text("Your payouts")).locator("tbody tr")
    expect(payout_row).to_have_count(1)
    expect(payout_row).to_contain_text("$6.00")
    expect(payout_row).to_contain_text("Pending")
    screenshot("wallet-05-after-payout")
    assert audit() == []
