"""A creator in the studio and a fan on the watch page, each in a browser of their own, on a real daphne:
chat both ways, badges and mentions, a deleted message, chat settings, and the live viewer count."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from apps.streaming.models import ChatMessage, Stream
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.browser


def viewers(page: Page):
    return page.locator("[data-viewers]")


def messages(page: Page):
    return page.locator("[data-chat-list] .chat-msg")


def connected(page: Page) -> None:
    """Wait until the page's socket is open (a message typed before that is refused, not queued)."""
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")


def say(page: Page, text: str) -> None:
    connected(page)
    box = page.get_by_role("textbox", name="Message")
    box.fill(text)
    box.press("Enter")


def test_creator_and_fan_chat_live_and_the_viewer_count_follows(open_page, save_screenshot):
    creator = UserFactory(username="hooperjay")
    AthleteProfile.objects.filter(user=creator).update(display_name="Hooper Jay", verification_tier="ELITE_VERIFIED")
    fan = UserFactory(username="courtside_fan")
    stream = LiveStreamFactory(creator=creator, title="Sunday handles", slow_mode_seconds=0)

    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    expect(studio.get_by_role("heading", level=1)).to_have_text("Sunday handles")
    connected(studio)
    expect(viewers(studio)).to_have_text("0")  # the creator's studio is no viewer
    expect(studio.locator("[data-chat-empty]")).to_be_visible()

    watch = open_page(f"/streams/{stream.pk}/", fan)
    expect(viewers(watch)).to_have_text("1")
    expect(viewers(studio)).to_have_text("1")
    expect(studio.locator("[data-peak]")).to_have_text("1")

    # Fan → creator: the name, the creator's highlighted @mention; the fan's input clears.
    say(watch, "Nice crossover @hooperjay 🏀")
    expect(watch.get_by_role("textbox", name="Message")).to_have_value("")
    from_fan = messages(studio).filter(has_text="Nice crossover")
    expect(from_fan).to_have_count(1)
    expect(from_fan.locator(".user-name")).to_have_text("courtside_fan")
    expect(from_fan.locator(".mention")).to_have_text("@hooperjay")
    expect(from_fan.locator(".mention")).to_have_class(re.compile(r"\bmention--me\b"))
    expect(from_fan.locator(".chat-text")).to_have_text("Nice crossover @hooperjay 🏀")

    # Creator → fan: the creator's badge, and an https address as a link.
    say(studio, "Thanks! Drills: https://example.com/drills.")
    from_creator = messages(watch).filter(has_text="Thanks!")
    expect(from_creator).to_have_count(1)
    expect(from_creator.locator(".user-name a")).to_have_text("Hooper Jay")
    expect(from_creator.locator(".tier-badge")).to_have_attribute("title", "Elite verified")
    link = from_creator.get_by_role("link", name="https://example.com/drills")
    expect(link).to_have_attribute("href", "https://example.com/drills")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    expect(from_creator.locator(".chat-text")).to_have_text("Thanks! Drills: https://example.com/drills.")
    save_screenshot(watch, "stream-01-watch-chat")

    # The counter shows what is left of the 500 characters.
    watch.get_by_role("textbox", name="Message").fill("x" * 480)
    expect(watch.locator("[data-chat-counter]")).to_have_text("480/500")
    watch.get_by_role("textbox", name="Message").fill("")

    # The creator turns on slow mode: the fan's chat header says so, live.
    studio.get_by_label("Slow mode (seconds)").fill("10")
    studio.get_by_role("button", name="Save chat settings").click()
    expect(studio.locator("#chat-settings")).to_contain_text("Saved.")
    expect(watch.locator("[data-chat-modes]")).to_have_text("Slow mode 10 s")
    expect(studio.locator("[data-chat-modes]")).to_have_text("Slow mode 10 s")
    assert Stream.objects.get(pk=stream.pk).slow_mode_seconds == 10

    # The creator deletes the fan's message: it disappears for everyone.
    from_fan.hover()
    from_fan.get_by_role("button", name="Delete message from courtside_fan").click()
    expect(messages(watch).filter(has_text="Nice crossover")).to_have_count(0)
    expect(from_fan).to_have_count(0)
    assert ChatMessage.objects.get(content__startswith="Nice crossover").deleted_by == creator
    save_screenshot(studio, "stream-02-studio-live")

    # A second tab of the same fan counts once.
    second_tab = watch.context.new_page()
    second_tab.goto(f"/streams/{stream.pk}/")
    expect(viewers(second_tab)).to_have_text("1")
    expect(messages(second_tab)).to_have_count(1)
    expect(viewers(studio)).to_have_text("1")

    # The fan leaves: back to none, and the peak stays.
    watch.context.close()
    expect(viewers(studio)).to_have_text("0")
    expect(studio.locator("[data-peak]")).to_have_text("1")
    save_screenshot(studio, "stream-03-studio-after-fan-left")
    assert studio.errors == []


def test_creator_goes_live_and_a_fan_finds_the_stream_on_live(open_page, save_screenshot):
    creator = UserFactory(username="dunkdiaries")
    go_live = open_page("/creator/go-live/", creator)
    expect(go_live.get_by_role("heading", level=1)).to_have_text("Go live")
    go_live.get_by_label("Title").fill("Dunk contest warm-up")
    go_live.get_by_label("Category").select_option(label="Challenge")
    go_live.get_by_label("Tags").fill("dunks, bounce")
    save_screenshot(go_live, "stream-06-go-live-form")
    go_live.get_by_role("button", name="Go live now").click()

    expect(go_live).to_have_url(re.compile(r"/streams/[0-9a-f-]{36}/studio/$"))
    stream = Stream.objects.get(creator=creator)
    assert (stream.status, stream.category_id, stream.tags) == ("live", "CHALLENGE", ["dunks", "bounce"])
    studio = go_live
    expect(studio.locator("#toasts")).to_contain_text("You're live.")
    connected(studio)
    expect(viewers(studio)).to_have_text("0")

    expect(studio.get_by_role("heading", name="Cameras")).to_be_visible()
    save_screenshot(studio, "stream-07-studio-new")

    fan = open_page("/live/")
    card = fan.locator(".stream-card", has_text="Dunk contest warm-up")
    expect(card).to_contain_text("0 watching")  # its creator's studio is no viewer
    expect(card).to_contain_text("Challenge")
    expect(card.locator(".user-name")).to_have_text("dunkdiaries")
    fan.get_by_role("link", name="Practice").click()
    expect(fan).to_have_url(re.compile(r"/live/\?category=PRACTICE$"))
    expect(fan.locator(".empty-state")).to_contain_text("Nobody is live in Practice right now.")
    fan.get_by_role("link", name="Show all categories").click()
    save_screenshot(fan, "stream-08-live-grid")
    fan.get_by_role("link", name="Dunk contest warm-up").click()
    expect(fan).to_have_url(re.compile(rf"/streams/{stream.pk}/$"))
    expect(viewers(fan)).to_have_text("1")
    expect(viewers(studio)).to_have_text("1")
    expect(fan.get_by_role("link", name="Log in to chat")).to_be_visible()
    assert fan.errors == []


def test_fans_waiting_on_a_scheduled_stream_see_it_start(open_page):
    creator, fan = UserFactory(), UserFactory()
    stream = StreamFactory(creator=creator, title="Tip-off soon")
    watch = open_page(f"/streams/{stream.pk}/", fan)
    expect(watch.locator('[data-card="scheduled"]')).to_contain_text("The stream hasn't started yet")
    expect(watch.locator("[data-status-label]")).to_have_text("Scheduled")
    say(watch, "waiting for tip-off")  # the chat is open before the stream starts
    expect(messages(watch)).to_have_count(1)

    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    expect(messages(studio)).to_have_count(1)
    studio.get_by_role("button", name="Start stream").click()
    expect(studio.get_by_role("button", name="End stream")).to_be_visible()

    expect(watch.locator('[data-card="live"]')).to_be_visible()
    expect(watch.locator('[data-card="scheduled"]')).to_be_hidden()
    expect(watch.locator("[data-status-label]")).to_have_text("Live")
    expect(viewers(watch)).to_have_text("1")  # the fan who waited counts once the stream is live
    assert watch.errors == []


def test_viewers_see_the_stream_end_and_the_creator_gets_the_summary(open_page, save_screenshot):
    creator, fan = UserFactory(username="splashqueen"), UserFactory(username="rookie")
    stream = LiveStreamFactory(creator=creator, title="Corner threes")
    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    watch = open_page(f"/streams/{stream.pk}/", fan)
    expect(viewers(studio)).to_have_text("1")
    say(watch, "splash!")
    expect(messages(studio)).to_have_count(1)

    studio.on("dialog", lambda dialog: dialog.accept())
    studio.get_by_role("button", name="End stream").click()

    # The creator's studio becomes the summary...
    summary = studio.locator(".studio-summary")
    expect(summary).to_be_visible()
    stats = {
        term: summary.locator(f"dt:text-is('{term}') + dd")
        for term in ("Peak viewers", "Total viewers", "Unique chatters", "Messages")
    }
    expect(stats["Peak viewers"]).to_have_text("1")
    expect(stats["Total viewers"]).to_have_text("1")
    expect(stats["Unique chatters"]).to_have_text("1")
    expect(stats["Messages"]).to_have_text("1")
    expect(studio.get_by_role("button", name="End stream")).to_have_count(0)
    save_screenshot(studio, "stream-04-studio-summary")

    # ...and the fan's page switches to the ended card without a reload; the chat closes.
    expect(watch.locator('[data-card="ended"]')).to_be_visible()
    expect(watch.locator('[data-card="live"]')).to_be_hidden()
    expect(watch.locator("[data-status-label]")).to_have_text("Ended")
    expect(watch.get_by_role("textbox", name="Message")).to_be_disabled()
    expect(watch.locator("[data-chat-notice]")).to_have_text("This stream has ended; its chat is closed.")
    save_screenshot(watch, "stream-05-watch-ended")
    assert watch.errors == []


def test_chat_settings_are_enforced_on_sockets_already_open(open_page):
    creator, fan = UserFactory(), UserFactory()
    stream = LiveStreamFactory(creator=creator)
    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    watch = open_page(f"/streams/{stream.pk}/", fan)
    expect(viewers(studio)).to_have_text("1")
    say(watch, "first")
    expect(messages(studio)).to_have_count(1)

    studio.get_by_label("Slow mode (seconds)").fill("60")
    studio.get_by_role("button", name="Save chat settings").click()
    expect(watch.locator("[data-chat-modes]")).to_have_text("Slow mode 60 s")

    say(watch, "second, too soon")
    expect(watch.locator("[data-chat-error]")).to_contain_text("Slow mode: wait", timeout=3000)
    expect(watch.get_by_role("textbox", name="Message")).to_have_value("second, too soon")  # given back, not lost
    assert not ChatMessage.objects.filter(content="second, too soon").exists()


AT_BOTTOM = "el => el.scrollHeight - el.scrollTop - el.clientHeight <= 48"


def test_chat_follows_new_messages_unless_the_reader_scrolled_up(open_page):
    stream = LiveStreamFactory()
    regular = UserFactory(username="regular")
    for n in range(40):
        ChatMessage.objects.create(stream=stream, user=regular, content=f"history {n}")
    reader = open_page(f"/streams/{stream.pk}/")
    writer = open_page(f"/streams/{stream.pk}/", UserFactory(username="writer"))
    expect(viewers(reader)).to_have_text("2")
    expect(messages(reader)).to_have_count(40)
    scroller = reader.locator("[data-chat-scroll]")
    jump = reader.get_by_role("button", name="New messages below ↓")
    assert scroller.evaluate(AT_BOTTOM)

    say(writer, "new one")
    expect(messages(reader).last).to_contain_text("new one")
    reader.wait_for_function(f"() => ({AT_BOTTOM})(document.querySelector('[data-chat-scroll]'))")
    expect(jump).to_be_hidden()

    # Reading back: new messages arrive below without moving the reader; a button offers the way down.
    scroller.evaluate("el => { el.scrollTop = 0; }")
    say(writer, "another one")
    expect(messages(reader).last).to_contain_text("another one")
    expect(jump).to_be_visible()
    assert scroller.evaluate("el => el.scrollTop") == 0
    jump.click()
    reader.wait_for_function(f"() => ({AT_BOTTOM})(document.querySelector('[data-chat-scroll]'))")
    expect(jump).to_be_hidden()
