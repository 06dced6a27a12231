"""Search as a visitor uses it: typing into /search/'s box (htmx swaps the results in and keeps
the address), following a tag to its page, on a phone and on a desktop, never wider than the screen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.browser


def fits_its_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_a_visitor_searches_and_follows_a_tag(open_page, save_screenshot, viewport, name):
    dunker = UserFactory(username="dunkdiaries")
    dunker.profile.display_name = "Dunk Diaries With A Thirty Char"
    dunker.profile.save()
    LiveStreamFactory(creator=dunker, title="Dunk contest warm-up", tags=["dunks", "bounce"], current_viewers=12)
    StreamFactory(title="Dunk clinic", tags=["dunks"], scheduled_for=timezone.now() + timedelta(days=1))
    LiveStreamFactory(title="Secret dunks", tags=["dunks"], visibility="private")

    page = open_page("/search/", viewport=viewport)
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    page.get_by_label("Search streams, creators and tags").fill("dunk")
    expect(page).to_have_url(re.compile(r"/search/\?q=dunk$"))  # typed: no button pressed
    results = page.locator("#search-results")
    expect(results.locator(".stream-card__title")).to_have_text(["Dunk contest warm-up", "Dunk clinic"])
    expect(results.locator(".creator-card")).to_contain_text("Dunk Diaries With A Thirty Char")
    expect(results.get_by_role("link", name="#dunks")).to_have_count(3)  # the tag's own, and on two cards
    assert fits_its_width(page)
    save_screenshot(page, f"search-01-results-{name}")

    results.locator(".tag-list--results").get_by_role("link", name="#dunks").click()
    expect(page).to_have_url(re.compile(r"/tags/dunks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("#dunks")
    expect(page.locator(".stream-card__title")).to_have_text(["Dunk contest warm-up", "Dunk clinic"])
    assert fits_its_width(page)
    save_screenshot(page, f"search-02-tag-page-{name}")
    assert page.errors == []
