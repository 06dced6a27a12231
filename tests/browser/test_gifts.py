"""Gifts live, on a real daphne, each person in a browser of their own: a sender sends a Crown from
the gift panel and two other viewers (and the creator's studio) see it play and the leaderboard
follow; three quick Roses play as one animation counting x3; a donation goal fills and celebrates.
Screenshots go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from apps.gifting.models import GiftSend
from apps.wallet.audit import audit
from apps.wallet.selectors import balance_of
from apps.wallet.services import wallet_grant
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.browser


def connected(page: Page) -> None:
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")


def animation(page: Page, name: str):
    return page.locator(f'[data-gift-animation][data-gift-name="{name}"]')


def leaderboard(page: Page):
    return page.locator("[data-leaderboard-list] > li")


def open_panel(page: Page) -> None:
    page.locator("#gift-panel > summary").click()
    expect(page.get_by_role("button", name="Send gift")).to_be_visible()


def choose(page: Page, name: str) -> None:
    page.locator(".gift-option__name", has_text=re.compile(rf"^{re.escape(name)}$")).click()
    expect(page.get_by_role("radio", name=re.compile(rf"^{re.escape(name)} "))).to_be_checked()


def test_a_crown_plays_for_every_viewer_and_the_leaderboard_follows(open_page, save_screenshot, gift_catalog, staff):
    creator = UserFactory(username="hooperjay")
    sender = UserFactory(username="bigfan")
    AthleteProfile.objects.filter(user=sender).update(display_name="Big Fan")
    wallet_grant(user=sender, amount=1000, reason="browser test", granted_by=staff)
    stream = LiveStreamFactory(creator=creator, title="Crossover clinic")
    path = f"/streams/{stream.pk}/"

    studio = open_page(f"{path}studio/", creator)
    fan = open_page(path, sender)
    viewers = [open_page(path, UserFactory(username=name)) for name in ("courtside", "benchwarmer")]
    for page in (studio, fan, *viewers):
        connected(page)
        expect(page.locator("[data-leaderboard-empty]")).to_be_visible()

    open_panel(fan)
    expect(fan.locator("[data-gift-balance]")).to_have_text("1,000")
    # The tabs switch in place; the total follows the choice and the quantity.
    fan.get_by_role("link", name="Basketball", exact=True).click()
    expect(fan).to_have_url(re.compile(r"\?gifts=basketball#gift-panel$"))
    expect(fan.locator("[data-gift-option]:visible")).to_have_count(5)
    choose(fan, "Legend Status")
    expect(fan.locator("[data-gift-total]")).to_have_text("5,000")
    expect(fan.get_by_role("button", name="Send gift")).to_be_disabled()
    buy = fan.get_by_role("link", name="Buy coins")
    expect(buy).to_be_visible()
    expect(buy).to_have_attribute("href", "/wallet/")
    fan.get_by_role("link", name="Premium", exact=True).click()
    expect(fan.locator("[data-gift-option]:visible")).to_have_count(3)
    choose(fan, "Crown")
    fan.get_by_label("Quantity").fill("2")
    expect(fan.locator("[data-gift-total]")).to_have_text("100")
    fan.get_by_label("Quantity").fill("1")
    expect(fan.locator("[data-gift-total]")).to_have_text("50")
    expect(buy).to_be_hidden()
    fan.get_by_role("textbox", name="Message (optional)").fill("Crown the king!")
    save_screenshot(fan, "gift-panel-crown-chosen")
    fan.get_by_role("button", name="Send gift").click()

    # Everyone sees the crown at once, with the sender's name and message.
    for page in (*viewers, studio, fan):
        crown = animation(page, "Crown")
        expect(crown).to_be_visible()
        expect(crown).to_contain_text("Big Fan sent Crown")
        expect(crown).to_contain_text("Crown the king!")
        expect(crown).to_have_attribute("data-gift-fx", "half")
    viewers[0].wait_for_timeout(900)  # well into its 4 s
    expect(animation(viewers[0], "Crown")).to_be_visible()
    shot = save_screenshot(viewers[0], "gift-crown-mid-flight")
    assert shot.stat().st_size > 10_000

    # The leaderboard follows (coalesced: within about a second), and the chat records the gift.
    for page in (*viewers, studio):
        expect(leaderboard(page)).to_have_count(1)
        expect(leaderboard(page).first).to_contain_text("Big Fan")
        expect(leaderboard(page).first).to_contain_text("50")
        expect(page.locator("[data-chat-list] .chat-msg--gift")).to_contain_text(
            "Big Fan sent 👑 Crown: Crown the king!"
        )
    expect(fan.locator("[data-gift-status]")).to_have_text("You sent 👑 Crown.")
    expect(fan.locator("[data-gift-balance]")).to_have_text("950")
    expect(fan.locator("#nav-coin-balance")).to_contain_text("950")
    expect(fan.get_by_role("textbox", name="Message (optional)")).to_have_value("")
    # The crown goes when its time is up.
    expect(animation(viewers[1], "Crown")).to_have_count(0, timeout=8000)

    assert balance_of(user=sender) == 950
    assert GiftSend.objects.get().gift.name == "Crown"
    # Both sides find it on their wallet page.
    sent = open_page("/wallet/", sender).locator("#gift-history")
    expect(sent.locator("tbody tr")).to_have_count(1)
    expect(sent.locator("tbody tr")).to_contain_text("Crown")
    expect(sent.locator("tbody tr")).to_contain_text("Crown the king!")
    received = open_page("/wallet/", creator)
    expect(received.locator("#gift-history tbody tr")).to_contain_text("Big Fan")
    received.locator("#gift-history").scroll_into_view_if_needed()
    received.locator("#gift-history").screenshot(path=str(shot.parent / "gift-wallet-history-received.png"))
    assert audit() == []
    for page in (studio, fan, *viewers):
        assert page.errors == []


def test_three_quick_roses_play_as_one_animation_counting_x3(open_page, save_screenshot, gift_catalog, staff):
    sender = UserFactory(username="rosebud")
    wallet_grant(user=sender, amount=100, reason="browser test", granted_by=staff)
    stream = LiveStreamFactory(title="Free throws")
    fan = open_page(f"/streams/{stream.pk}/", sender)
    viewer = open_page(f"/streams/{stream.pk}/", UserFactory())
    connected(fan)
    connected(viewer)
    open_panel(fan)
    choose(fan, "Rose")
    send = fan.get_by_role("button", name="Send gift")
    for _ in range(3):
        send.click()  # each click waits for the last send to finish (htmx disables the button meanwhile)

    roses = animation(viewer, "Rose")
    expect(roses.locator("[data-combo-count]")).to_have_text("x3")
    expect(roses).to_have_count(1)
    expect(roses).to_have_attribute("data-gift-fx", "corner")
    expect(animation(fan, "Rose").locator("[data-combo-count]")).to_have_text("x3")
    save_screenshot(viewer, "gift-rose-combo-x3")
    assert [s.combo_count for s in GiftSend.objects.order_by("id")] == [1, 2, 3]
    assert balance_of(user=sender) == 97
    assert audit() == []
    assert fan.errors == []
    assert viewer.errors == []


def test_a_donation_goal_fills_live_and_celebrates(open_page, save_screenshot, gift_catalog, staff):
    creator = UserFactory(username="coachk")
    sender = UserFactory(username="booster")
    wallet_grant(user=sender, amount=500, reason="browser test", granted_by=staff)
    stream = LiveStreamFactory(creator=creator, title="Rebounding")
    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    fan = open_page(f"/streams/{stream.pk}/", sender)
    calm = open_page(f"/streams/{stream.pk}/", UserFactory())
    calm.emulate_media(reduced_motion="reduce")
    for page in (studio, fan, calm):
        connected(page)
        expect(page.locator("[data-goal]")).to_be_hidden()

    studio.get_by_role("textbox", name="Goal").fill("New ball")
    studio.get_by_label("Target (coins)").fill("100")
    studio.get_by_role("button", name="Save goal").click()
    expect(studio.locator("#goal-settings")).to_contain_text("Saved.")
    bar = fan.get_by_role("progressbar", name="New ball")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("aria-valuemax", "100")
    expect(bar).to_have_attribute("aria-valuenow", "0")

    open_panel(fan)
    choose(fan, "Crown")
    fan.get_by_role("button", name="Send gift").click()
    expect(bar).to_have_attribute("aria-valuenow", "50")
    expect(fan.locator("[data-goal-progress]")).to_have_text("50")
    # With reduced motion the gift is a still card, for the same time.
    still = animation(calm, "Crown")
    expect(still).to_have_class(re.compile(r"\bgift-anim--still\b"))
    expect(still.locator(".gift-anim__scene")).to_have_count(0)
    save_screenshot(calm, "gift-reduced-motion-card")

    fan.get_by_role("button", name="Send gift").click()
    for page in (fan, calm, studio):
        expect(page.locator("[data-goal-reached]")).to_have_text("🎉 Goal reached!")
        expect(page.locator("[data-goal-celebration]")).to_be_visible(timeout=10000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(fan.locator("[data-chat-list]")).to_contain_text("Goal reached: New ball!")
    save_screenshot(fan, "gift-goal-reached")
    save_screenshot(studio, "gift-studio-goal-reached")
    assert audit() == []
    for page in (studio, fan, calm):
        assert page.errors == []


def test_the_panel_waits_for_the_stream_to_go_live(open_page, gift_catalog, staff):
    creator, sender = UserFactory(), UserFactory()
    wallet_grant(user=sender, amount=10, reason="browser test", granted_by=staff)
    stream = StreamFactory(creator=creator, title="Tip-off soon")
    fan = open_page(f"/streams/{stream.pk}/", sender)
    connected(fan)
    open_panel(fan)
    send = fan.get_by_role("button", name="Send gift")
    expect(send).to_be_disabled()
    expect(fan.locator("[data-gift-status]")).to_have_text("Gifts open when the stream goes live.")

    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    studio.get_by_role("button", name="Start stream").click()
    expect(send).to_be_enabled()
    expect(fan.locator("[data-gift-status]")).to_have_text("")
    # A quantity out of range turns Send off until it is fixed.
    fan.get_by_label("Quantity").fill("101")
    expect(send).to_be_disabled()
    expect(fan.get_by_label("Quantity")).to_have_attribute("aria-invalid", "true")
    fan.get_by_label("Quantity").fill("10")
    expect(send).to_be_enabled()
    expect(fan.locator("[data-gift-total]")).to_have_text("10")
    fan.get_by_label("Quantity").fill("11")
    expect(send).to_be_disabled()  # 11 coins, 10 in the wallet
    expect(fan.get_by_role("link", name="Buy coins")).to_be_visible()
    assert fan.errors == []
    assert studio.errors == []
