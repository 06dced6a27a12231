"""The browser's time zone, on a real daphne: a page tells the server the zone it runs in, and the
next page shows a scheduled start in it, with its abbreviation."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.realtime.servers import wait_for_sockets_to_close
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.browser


def test_the_browser_zone_is_stored_and_the_next_page_shows_local_times(browser, asgi_server, transactional_db):
    user = UserFactory()
    stream = StreamFactory(title="Sunrise shooting", scheduled_for=datetime(2031, 1, 15, 17, 30, tzinfo=UTC))
    context = browser.new_context(base_url=asgi_server, timezone_id="America/New_York")
    try:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": asgi_server}])
        page = context.new_page()
        with page.expect_response("**/api/v1/me/time-zone") as posted:
            page.goto(f"/streams/{stream.pk}/")
        assert posted.value.status == 200
        expect(page.locator("body")).to_have_attribute("data-time-zone", "UTC")  # drawn before it was known
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-time-zone", "America/New_York")
        expect(page.get_by_text("Wed 15 Jan, 12:30 EST")).to_be_visible()
        user.profile.refresh_from_db()
        assert user.profile.time_zone == "America/New_York"
    finally:
        context.close()
        wait_for_sockets_to_close()
