"""Chat is untrusted text: XSS payloads sent through the real chat stay text, for every way a message
reaches a page (live frames, the history the socket sends, the server-rendered history), and no script runs."""

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser

LINK = 'https://example.com/x?a="onmouseover=window.__xss=1 style=position:fixed;inset:0 x="'
PAYLOADS = [
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    '"><svg onload=window.__xss=1>',
    LINK,
]
# The author's name is text too (it comes from their profile).
EVIL_NAME = "<img src=y onerror=window.__xss=2>"


def texts(page: Page) -> list[str]:
    return page.locator("[data-chat-list] .chat-msg .chat-text").all_inner_texts()


def assert_inert(page: Page, *, scripted: bool = True) -> None:
    """The payloads are on the page as literal text; nothing they carry became markup or ran."""
    chat = page.locator("[data-chat-list]")
    expect(chat.locator(".chat-msg")).to_have_count(len(PAYLOADS))
    assert texts(page) == PAYLOADS
    for tag in ("img", "script", "svg", "iframe", "style"):
        expect(chat.locator(tag)).to_have_count(0)
    names = chat.locator(".user-name a")
    expect(names.first).to_have_text(EVIL_NAME)
    # The only link in message text is the https one, with its address cut at the quote, and no attributes
    # but ours.
    links = chat.locator(".chat-text a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.com/x?a=")
    expect(links).to_have_text("https://example.com/x?a=")
    assert links.evaluate("a => a.getAttributeNames().sort()") == ["href", "rel", "target"]
    expect(links).to_have_attribute("rel", "nofollow noopener noreferrer")
    # Hover and click everything a payload could hang a handler on.
    for message in chat.locator(".chat-text").all():
        message.hover()
    chat.locator(".chat-text", has_text="javascript:").click()
    if scripted:
        assert page.evaluate("() => typeof window.__xss") == "undefined"


def test_xss_payloads_stay_text_everywhere(open_page, save_screenshot):
    creator = UserFactory(username="hooperjay")
    attacker = UserFactory(username="mallory")
    AthleteProfile.objects.filter(user=attacker).update(display_name=EVIL_NAME)
    stream = LiveStreamFactory(creator=creator, title="Handles")

    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    anonymous = open_page(f"/streams/{stream.pk}/")
    watch = open_page(f"/streams/{stream.pk}/", attacker)
    expect(studio.locator("[data-viewers]")).to_have_text("2")  # the creator's studio is no viewer
    expect(anonymous.get_by_role("link", name="Log in to chat")).to_be_visible()
    expect(anonymous.get_by_role("textbox", name="Message")).to_have_count(0)

    expect(watch.locator("[data-stream]")).to_have_attribute("data-connected", "true")
    box = watch.get_by_role("textbox", name="Message")
    for payload in PAYLOADS:
        box.fill(payload)
        box.press("Enter")
    expect(box).to_have_value("")
    # A sixth message in five seconds is refused: the error shows under the input, the text comes back.
    box.fill("one too many")
    box.press("Enter")
    expect(watch.locator("[data-chat-error]")).to_contain_text("too fast")
    expect(box).to_have_value("one too many")

    # Live frames, in the studio, the anonymous viewer's page and the attacker's own.
    for page in (studio, anonymous, watch):
        assert_inert(page)
    save_screenshot(anonymous, "xss-01-live-frames")

    # The history the socket sends to a page opened now.
    late = open_page(f"/streams/{stream.pk}/", UserFactory())
    expect(late.locator("[data-viewers]")).to_have_text("3")
    assert_inert(late)

    # The server-rendered history (stream.js blocked, so the socket never replaces it).
    no_script = open_page(f"/streams/{stream.pk}/", block=("**/static/js/stream.js",))
    assert_inert(no_script)
    save_screenshot(no_script, "xss-02-server-rendered")

    for page in (studio, anonymous, watch, late, no_script):
        # No CSP violation at all: nothing was injected that the policy had to block.
        assert page.errors == [], page.errors
        assert page.evaluate("() => typeof window.__xss") == "undefined"


def test_pages_send_a_policy_that_forbids_inline_script(open_page):
    stream = LiveStreamFactory()
    page = open_page(f"/streams/{stream.pk}/")
    response = page.request.get(f"/streams/{stream.pk}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    # The policy is live: an inline script put on the page does not run, and the browser says why.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => { const box = document.createElement('div');
                       box.innerHTML = '<img src=x onerror="window.__xss=1">'; document.body.append(box); }"""
        )
    assert page.evaluate("() => typeof window.__xss") == "undefined"
