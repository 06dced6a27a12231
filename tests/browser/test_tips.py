"""A tip from the gift panel's Tip option pins at the top of chat on another viewer's page, on a
phone (390x844) and on a desktop, in its tier's colour. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import Page, expect

from apps.gifting.models import Tip
from apps.wallet.audit import audit
from apps.wallet.selectors import balance_of
from apps.wallet.services import wallet_grant
from tests.browser.conftest import PHONE
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser

GOLD = "rgb(245, 179, 1)"  # settings.TIP_TIERS' gold, #f5b301


def connected(page: Page) -> None:
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")


def test_a_tip_pins_at_the_top_of_another_viewers_chat(open_page, save_screenshot, staff):
    sender = UserFactory(username="coachdee")
    wallet_grant(user=sender, amount=1000, reason="browser test", granted_by=staff)
    stream = LiveStreamFactory(creator=UserFactory(username="hooperjay"), title="Free throws at dawn")
    path = f"/streams/{stream.pk}/"
    tipper = open_page(path, sender, viewport=PHONE)
    phone = open_page(path, UserFactory(username="courtside"), viewport=PHONE)
    desktop = open_page(path, UserFactory(username="benchwarmer"))
    for page in (tipper, phone, desktop):
        connected(page)

    tipper.locator("#gift-panel > summary").tap()
    tipper.locator("#tip-box > summary").tap()
    tipper.get_by_label("Tip amount (coins)").fill("500")
    tipper.get_by_label("Tip message").fill("Elbow under the ball, follow through!")
    save_screenshot(tipper, "tip-phone-form", full_page=False)
    tipper.get_by_role("button", name="Send tip").click()
    # The sheet closes on a phone once the tip is sent, as after a gift.
    expect(tipper.locator("#gift-panel")).not_to_have_attribute("open", "")

    for page in (phone, desktop):
        pin = page.locator("[data-tip-pins] > li").first
        expect(pin).to_contain_text("Elbow under the ball, follow through!")
        expect(pin).to_contain_text("500")
        expect(pin.locator("[data-tip-who]")).to_contain_text(sender.public_name)
        expect(pin).to_have_css("border-left-color", GOLD)
        expect(pin).to_be_in_viewport()
        # At the top of the chat: above its lines.
        assert pin.bounding_box()["y"] < page.locator("[data-chat-scroll]").bounding_box()["y"]
        expect(page.locator("[data-chat-list] .chat-msg").last).to_contain_text("tipped 500 coins")
    save_screenshot(phone, "tip-phone-pinned", full_page=False)
    save_screenshot(desktop, "tip-desktop-pinned", full_page=False)

    # A viewer arriving later gets it from the server, pinned still.
    late = open_page(path, UserFactory(username="latecomer"), viewport=PHONE)
    expect(late.locator("[data-tip-pins] > li")).to_have_count(1)
    assert (Tip.objects.get().tier, balance_of(user=sender)) == ("gold", 500)
    assert audit() == []
    for page in (tipper, phone, desktop, late):
        assert page.errors == []
