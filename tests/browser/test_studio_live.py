"""The studio live, on a real daphne: the creator's studio and their own two watch tabs are no
viewers, a fan's page is one; the fan's gifts move the studio's earnings balance, gift feed and top
gifters without a reload, by the creator's share the wallet books (the reloaded studio shows the
same number). Screenshots go to test-artifacts/."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from apps.wallet.selectors import earnings_of
from apps.wallet.services import wallet_grant
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def gift_catalog(transactional_db):
    """The catalog migration 0002 seeds (transactional tests flush it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def connected(page: Page) -> None:
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")


def send(page: Page, gift: str, quantity: int = 1) -> None:
    if page.locator("#gift-panel[open]").count() == 0:
        page.locator("#gift-panel > summary").click()
    page.locator(".gift-option__name", has_text=re.compile(rf"^{re.escape(gift)}$")).click()
    page.get_by_label("Quantity").fill(str(quantity))
    page.get_by_role("button", name="Send gift").click()


def test_the_studio_follows_gifts_live_and_the_creator_is_no_viewer(open_page, save_screenshot, gift_catalog):
    creator = UserFactory(username="hooperjay")
    fan = UserFactory(username="bigfan")
    AthleteProfile.objects.filter(user=fan).update(display_name="Big Fan")
    wallet_grant(user=fan, amount=1000, reason="browser test", granted_by=UserFactory(is_staff=True))
    stream = LiveStreamFactory(creator=creator, title="Crossover clinic")
    watch = f"/streams/{stream.pk}/"

    studio = open_page(f"{watch}studio/", creator)
    own_tabs = [open_page(watch, creator) for _ in range(2)]
    for page in (studio, *own_tabs):
        connected(page)
    earnings = studio.locator("#earnings-balance")
    expect(earnings).to_have_text("0")
    expect(studio.locator("[data-gift-feed-empty]")).to_be_visible()
    expect(studio.locator("[data-viewers]").first).to_have_text("0")

    viewer = open_page(watch, fan)
    connected(viewer)
    expect(studio.locator("[data-viewers]").first).to_have_text("1")
    for page in own_tabs:
        expect(page.locator("[data-viewers]").first).to_have_text("1")

    # A Crown (50 coins: 35 for the creator) from the fan's page, then three Roses (3 coins, all 3
    # the creator's: the platform's part rounds down to nothing).
    send(viewer, "Crown")
    feed = studio.locator("[data-gift-feed-list] > li")
    expect(earnings).to_have_text("35")
    expect(feed).to_have_count(1)
    expect(feed.first).to_contain_text("Big Fan")
    expect(feed.first).to_contain_text("👑 Crown")
    expect(feed.first.locator("[data-gift-feed-earn]")).to_have_text("35")
    expect(studio.locator("[data-gift-feed-empty]")).to_be_hidden()
    expect(studio.locator("[data-leaderboard-list] > li").first).to_contain_text("Big Fan")

    expect(viewer.locator("[data-gift-status]")).to_have_text("You sent 👑 Crown.")
    send(viewer, "Rose", quantity=3)
    expect(earnings).to_have_text("38")
    expect(feed).to_have_count(2)
    expect(feed.first).to_contain_text("🌹 Rose ×3")
    expect(feed.first.locator("[data-gift-feed-earn]")).to_have_text("3")
    expect(studio.locator("[data-leaderboard-list] > li").first).to_contain_text("53")
    studio.locator(".gift-feed").scroll_into_view_if_needed()
    save_screenshot(studio, "studio-live-gifts")

    # What the page worked out is what the books say, and what the reloaded studio shows.
    assert earnings_of(user=creator).total == 38
    studio.reload()
    expect(studio.locator("#earnings-balance")).to_have_text("38")
    expect(studio.locator("[data-gift-feed-list] > li")).to_have_count(2)
    for page in (studio, *own_tabs, viewer):
        assert page.errors == []
