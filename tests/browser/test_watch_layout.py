"""The watch page with real video (ffmpeg → nginx-rtmp → hls.js): a gift one viewer sends plays over
ANOTHER viewer's playing picture, on a phone and on a desktop, in theatre mode and full screen. Over
the picture means hit by the browser at its own centre (document.elementFromPoint), while
video.currentTime advances. The phone is TikTok LIVE's shape (chat over the picture, a gift sheet
over it that closes after a send, nothing sideways); the desktop is Twitch's (chat beside the picture,
theatre mode remembered and left with Esc). Screenshots go to test-artifacts/."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from apps.devices import services
from apps.devices.models import Angle
from apps.wallet.services import wallet_grant
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.media import connected, encoder, eventually, played_past
from tests.browser.test_gifts import animation, choose, open_panel
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]

VIDEO = "[data-video-el]"
# What the browser hits at the centre of the newest animation called `name`: "animation" when it is
# the animation or a part of it, else a description of what covers it.
HIT_AT_CENTRE = """(name) => {
  const all = document.querySelectorAll('[data-gift-animation][data-gift-name="' + name + '"]');
  const node = all[all.length - 1];
  if (!node) return "no animation";
  const box = node.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  if (hit && (hit === node || node.contains(hit))) return "animation";
  return hit ? hit.tagName + "." + hit.className : "nothing";
}"""
RECT = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; }"""
CURRENT_TIME = "(selector) => document.querySelector(selector).currentTime"
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"
FULLSCREEN_IS_STAGE = "() => document.fullscreenElement === document.querySelector('[data-watch-stage]')"


def _rect(page: Page, selector: str) -> dict:
    return page.evaluate(RECT, selector)


def _intersect(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture
def live_stream(media_server, gift_catalog) -> Iterator:
    """A stream live with a picture: an encoder publishing its camera's key for as long as the test runs."""
    creator = UserFactory(username="hooperjay")
    device, key = services.device_register(owner=creator, name="Baseline XBot", angle_label="Baseline")
    stream = StreamFactory(creator=creator, title="Free throws at dawn")
    angle = Angle.objects.create(stream=stream, device=device)
    publisher = encoder(f"{media_server.ingest_url}/{key}")
    try:
        # Pages open once there is a playlist to play (before it, hls.js's first request is a 404).
        eventually(lambda: (media_server.root / "hls" / f"{angle.playback_name}.m3u8").exists())
        yield stream
    finally:
        publisher.terminate()
        publisher.wait(timeout=10)


def _fan(staff, name: str):
    fan = UserFactory(username=name)
    wallet_grant(user=fan, amount=10_000, reason="browser test", granted_by=staff)
    return fan


def _playing(page: Page) -> Page:
    connected(page)
    expect(page.locator("[data-video]")).to_be_visible(timeout=20_000)
    assert played_past(page, VIDEO, seconds=1)
    return page


def _send(sender: Page, name: str) -> None:
    if sender.locator("#gift-panel[open]").count() == 0:
        open_panel(sender)
    choose(sender, name)
    form_key = sender.locator(".gift-form input[name=idempotency_key]")
    sent_with = form_key.input_value()
    sender.get_by_role("button", name="Send gift").click()
    expect(form_key).not_to_have_value(sent_with)  # htmx put the answer in place: a new form
    if sender.viewport_size["width"] <= PHONE["width"]:
        # On a phone the sheet closes once the answer settles, a moment after the swap: wait for it, or
        # the next send would find it open, choose, and have it close under the click.
        expect(sender.locator("#gift-panel")).not_to_have_attribute("open", re.compile(".*"))


def _plays_over_the_picture(viewer: Page, sender: Page, name: str) -> None:
    """`sender` sends `name`; on `viewer` it shows on top at its own centre while the picture plays on."""
    before = viewer.evaluate(CURRENT_TIME, VIDEO)
    _send(sender, name)
    expect(animation(viewer, name)).to_be_visible()
    assert viewer.evaluate(HIT_AT_CENTRE, name) == "animation"
    assert played_past(viewer, VIDEO, seconds=before + 0.5)
    assert viewer.evaluate(HIT_AT_CENTRE, name) == "animation"


def test_on_a_phone_gifts_and_chat_play_over_the_picture(open_page, live_stream, staff, save_screenshot):
    path = f"/streams/{live_stream.pk}/"
    viewer = _playing(open_page(path, _fan(staff, "courtside"), viewport=PHONE))
    sender = _playing(open_page(path, _fan(staff, "bigfan"), viewport=PHONE))
    for page in (viewer, sender):
        assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]

    # Chat floats over the picture's lower part; its input and the gift button are on screen.
    viewer.get_by_role("textbox", name="Message").fill("Nice form 🏀")
    viewer.get_by_role("textbox", name="Message").press("Enter")
    expect(sender.locator("[data-chat-list] .chat-msg").last).to_contain_text("Nice form 🏀")
    assert _intersect(_rect(sender, "[data-watch-stage] [data-chat-scroll]"), _rect(sender, VIDEO))
    for control in (sender.get_by_role("textbox", name="Message"), sender.locator("#gift-panel > summary")):
        expect(control).to_be_in_viewport()
    assert not _intersect(_rect(sender, "#gift-panel > summary"), _rect(sender, ".chat-input-row"))
    save_screenshot(sender, "watch-phone-chat-over-video", full_page=False)
    # A tap shows more of the chat, another shows less.
    chat_lines = sender.locator("[data-watch-stage] [data-chat-scroll]")
    few = chat_lines.bounding_box()["height"]
    chat_lines.tap()
    expect(sender.locator("[data-watch-stage] [data-chat]")).to_have_class(re.compile(r"\bchat-panel--expanded\b"))
    assert chat_lines.bounding_box()["height"] > few
    chat_lines.tap()
    expect(sender.locator("[data-watch-stage] [data-chat]")).not_to_have_class(re.compile(r"\bchat-panel--expanded\b"))
    # The same from the keyboard: Enter on the focused chat.
    chat_lines.focus()
    sender.keyboard.press("Enter")
    expect(sender.locator("[data-watch-stage] [data-chat]")).to_have_class(re.compile(r"\bchat-panel--expanded\b"))
    sender.keyboard.press("Enter")
    expect(sender.locator("[data-watch-stage] [data-chat]")).not_to_have_class(re.compile(r"\bchat-panel--expanded\b"))

    # The gift panel is a sheet over the picture, and closes once the gift is sent.
    open_panel(sender)
    choose(sender, "Crown")
    sheet = _rect(sender, "#gift-panel")
    assert _intersect(sheet, _rect(sender, VIDEO))
    assert sheet["bottom"] == PHONE["height"]
    save_screenshot(sender, "watch-phone-gift-sheet-open", full_page=False)
    before = viewer.evaluate(CURRENT_TIME, VIDEO)
    sender.get_by_role("button", name="Send gift").click()
    expect(sender.locator("#gift-panel")).not_to_have_attribute("open", re.compile(".*"))
    expect(animation(viewer, "Crown")).to_be_visible()
    assert viewer.evaluate(HIT_AT_CENTRE, "Crown") == "animation"
    assert played_past(viewer, VIDEO, seconds=before + 0.5)
    save_screenshot(viewer, "watch-phone-crown-over-video", full_page=False)

    # A corner gift's combo plays above the chat, too.
    for _ in range(2):
        _send(sender, "Rose")
    roses = animation(viewer, "Rose")
    expect(roses.locator("[data-combo-count]")).to_have_text("x2")
    assert viewer.evaluate(HIT_AT_CENTRE, "Rose") == "animation"
    save_screenshot(viewer, "watch-phone-rose-combo", full_page=False)
    for page in (viewer, sender):
        assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
        assert page.errors == []


def test_on_a_desktop_gifts_play_over_the_picture_in_theatre_and_full_screen(
    open_page, live_stream, staff, save_screenshot
):
    path = f"/streams/{live_stream.pk}/"
    viewer = _playing(open_page(path, _fan(staff, "courtside"), viewport=DESKTOP))
    sender = _playing(open_page(path, _fan(staff, "bigfan"), viewport=DESKTOP))

    # Chat beside the picture; our controls: sound, the live edge and how far behind it we are. The
    # ingest makes one rendition: no quality menu (test_watch_quality.py has one with a ladder).
    assert viewer.evaluate(SCROLL_WIDTH) <= DESKTOP["width"]
    expect(viewer.locator("[data-video-quality-wrap]")).to_have_attribute("hidden", "")
    assert _rect(viewer, "[data-watch-stage] [data-chat]")["left"] >= _rect(viewer, VIDEO)["right"] - 1
    viewer.get_by_role("button", name="Sound on").click()
    expect(viewer.get_by_role("button", name="Mute")).to_have_attribute("aria-pressed", "true")
    live = viewer.locator("[data-video-live]")
    expect(live).to_have_attribute("aria-pressed", "true")
    expect(live).to_have_attribute("title", re.compile(r"^At the live edge · \d+\.\d s behind live$"))
    viewer.get_by_role("button", name="Pause").click()
    expect(live).to_have_attribute("aria-pressed", "false")
    live.click()
    expect(live).to_have_attribute("aria-pressed", "true")
    expect(viewer.get_by_role("button", name="Pause")).to_be_visible()

    _plays_over_the_picture(viewer, sender, "Rocket")
    save_screenshot(viewer, "watch-desktop-rocket-over-video")

    # Theatre mode (from the keyboard): the picture the window's width, chat beside it, no page
    # chrome; remembered; Esc leaves.
    viewer.get_by_role("button", name="Theatre mode").focus()
    viewer.keyboard.press("Enter")
    expect(viewer.locator("body")).to_have_class(re.compile(r"\bis-theatre\b"))
    expect(viewer.locator(".site-header")).to_be_hidden()
    assert _rect(viewer, "[data-watch-stage]")["width"] == DESKTOP["width"]
    assert _rect(viewer, "[data-watch-stage] [data-chat]")["left"] >= _rect(viewer, VIDEO)["right"] - 1
    _plays_over_the_picture(viewer, sender, "Mansion")
    save_screenshot(viewer, "watch-desktop-theatre-mansion")
    viewer.reload()
    _playing(viewer)
    expect(viewer.locator("body")).to_have_class(re.compile(r"\bis-theatre\b"))
    viewer.keyboard.press("Escape")
    expect(viewer.locator("body")).not_to_have_class(re.compile(r"\bis-theatre\b"))
    expect(viewer.locator(".site-header")).to_be_visible()

    # Full screen is the stage's: the gift still plays over the picture.
    viewer.get_by_role("button", name="Full screen").click()
    expect(viewer.get_by_role("button", name="Exit full screen")).to_be_visible()
    assert viewer.evaluate(FULLSCREEN_IS_STAGE)
    _plays_over_the_picture(viewer, sender, "MVP Crown")
    save_screenshot(viewer, "watch-desktop-fullscreen-mvp-crown")
    for page in (viewer, sender):
        assert page.errors == []
