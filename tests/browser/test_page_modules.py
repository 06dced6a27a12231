"""The stream pages' scripts as modules, on a real daphne: what a frame puts on the page is a copy of
the server's own markup; the page shows the server's reasons (MY) for what its viewer may not do;
and the scripts work whatever the order of their <script> tags. Screenshots go to test-artifacts/."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from playwright.sync_api import Page, expect
from rest_framework.authtoken.models import Token

from apps.accounts.models import AthleteProfile
from apps.gifting.models import Gift
from apps.gifting.services import gift_send
from apps.streaming.models import ChatMessage
from apps.wallet.services import wallet_grant
from tests.browser.test_gifts import connected, open_panel
from tests.factories import UserFactory
from tests.pk.conftest import start
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser

OUR_SCRIPTS = ("**/static/js/*.js", "**/static/js/lib/*.js")
SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"


@pytest.fixture
def catalog(transactional_db):
    """The gift catalog migration 0002 seeds (transactional tests flush it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def _person(username: str, display: str = "", tier: str = "UNVERIFIED"):
    user = UserFactory(username=username)
    AthleteProfile.objects.filter(user=user).update(display_name=display, verification_tier=tier)
    return user


def _welcomed(page: Page) -> Page:
    connected(page)
    expect(page.locator("[data-chat-list]")).not_to_have_attribute("aria-busy", "true")
    return page


def _markup(page: Page, selector: str) -> list[str]:
    """The outer HTML of each element matching `selector`, whitespace between tags ignored."""
    return [re.sub(r">\s+<", "><", html).strip() for html in page.locator(selector).evaluate_all(
        "nodes => nodes.map(node => node.outerHTML)"
    )]  # fmt: skip


def test_what_frames_put_on_the_page_is_the_servers_markup(open_page, catalog):
    """Chat (verified and plain authors, a link, a gift line), the leaderboard and the PK bar, as the
    server renders them (scripts blocked) and as the scripts draw them from the welcome frames."""
    host = _person("hooperjay", "Hooper Jay", "ELITE_VERIFIED")
    rival = _person("splashqueen", "Splash Queen", "CELEBRITY")
    stream = LiveStreamFactory(creator=host, title="Crossover clinic")
    LiveStreamFactory(creator=rival)
    fan, backer = _person("courtside", tier="BASIC_VERIFIED"), _person("benchwarmer", "Bench Warmer")
    ChatMessage.objects.create(stream=stream, user=fan, content="Nice crossover https://example.com/drills.")
    ChatMessage.objects.create(stream=stream, user=host, content="Thanks @courtside")
    start(host, rival)
    staff = UserFactory(is_staff=True)
    for sender, name, anonymous in ((fan, "Crown", False), (backer, "Rose", False), (backer, "Rose", True)):
        wallet_grant(user=sender, amount=1000, reason="browser test", granted_by=staff)
        gift_send(stream=stream, sender=sender, gift_id=Gift.objects.get(name=name).pk, is_anonymous=anonymous)
    widgets = ("[data-chat-list] > li", "[data-leaderboard-list] > li", "[data-pk-sides] > div")

    served = open_page(f"/streams/{stream.pk}/", backer, block=OUR_SCRIPTS)
    drawn = _welcomed(open_page(f"/streams/{stream.pk}/", backer))
    expect(drawn.locator("[data-pk]")).to_be_visible()
    for selector in widgets:
        server_side = _markup(served, selector)
        assert server_side, f"the server drew no {selector}"
        assert _markup(drawn, selector) == server_side
    expect(drawn.locator("[data-chat-list] .tier-badge")).to_have_count(3)  # the host twice (a gift line too), the fan
    assert drawn.errors == []


def test_followers_only_chat_opens_once_the_viewer_follows(open_page, save_screenshot):
    creator = _person("hooperjay", "Hooper Jay")
    stream = LiveStreamFactory(creator=creator, followers_only=True, slow_mode_seconds=0)
    watch = _welcomed(open_page(f"/streams/{stream.pk}/", _person("courtside")))
    box = watch.get_by_role("textbox", name="Message")
    notice = watch.locator("[data-chat-notice]")
    expect(notice).to_have_text("Followers-only mode: follow the creator to chat.")  # the server's words
    expect(box).to_be_disabled()
    watch.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(watch, "modules-followers-only-mobile")

    watch.get_by_role("button", name="Follow").click()
    expect(box).to_be_enabled()
    expect(notice).to_be_hidden()
    box.fill("following now")
    box.press("Enter")
    expect(watch.locator("[data-chat-list] .chat-msg")).to_contain_text(["following now"])
    assert watch.errors == []


def test_the_gift_panel_shows_why_when_the_creator_turns_gifts_off(open_page, browser, asgi_server, catalog):
    creator, fan = _person("hooperjay"), _person("courtside")
    wallet_grant(user=fan, amount=100, reason="browser test", granted_by=UserFactory(is_staff=True))
    stream = LiveStreamFactory(creator=creator)
    watch = _welcomed(open_page(f"/streams/{stream.pk}/", fan))
    open_panel(watch)
    send = watch.get_by_role("button", name="Send gift")
    expect(send).to_be_enabled()

    # The creator turns gifts off through the API of the server the page is connected to.
    token = Token.objects.create(user=creator).key
    creator_api = browser.new_context(base_url=asgi_server).request
    response = creator_api.patch(
        f"/api/v1/streams/{stream.pk}", data={"allow_gifts": False}, headers={"Authorization": f"Token {token}"}
    )
    assert response.ok, response.text()
    expect(watch.locator("[data-gift-status]")).to_have_text("The creator turned gifts off for this stream.")
    expect(send).to_be_disabled()
    assert watch.errors == []


def test_the_page_works_whatever_the_order_of_its_scripts(open_page, save_screenshot):
    """Each script adds its handlers to the shared socket, which connects once all have run. The
    page's five module scripts run in reverse: each address serves another's code."""
    stream = LiveStreamFactory(title="Reversed")
    ChatMessage.objects.create(stream=stream, user=stream.creator, content="Welcome in")
    in_page_order = ["app.js", "stream.js", "gifts.js", "pk.js", "player.js"]
    served = []

    def serving(name: str, code: str):
        def serve(route) -> None:
            served.append(name)
            route.fulfill(body=code, content_type="text/javascript")

        return serve

    def serve_in_reverse(page: Page) -> None:
        for name, other in zip(in_page_order, reversed(in_page_order), strict=True):
            page.route(f"**/static/js/{name}", serving(name, (SCRIPTS / other).read_text()))

    watch = open_page(f"/streams/{stream.pk}/", _person("courtside"), before=serve_in_reverse)
    _welcomed(watch)
    assert sorted(served) == sorted(in_page_order)
    expect(watch.locator("[data-chat-list] .chat-text")).to_have_text(["Welcome in"])
    box = watch.get_by_role("textbox", name="Message")
    box.fill("order does not matter")
    box.press("Enter")
    expect(watch.locator("[data-chat-list] .chat-msg")).to_have_count(2)
    save_screenshot(watch, "modules-reversed-scripts")
    assert watch.errors == []
