"""Moderation on the stream page, with real video (ffmpeg → nginx-rtmp → hls.js) under the chat, on
a phone (390 by 844, the chat and its menu over the picture) and a desktop: a channel moderator times a
viewer out from the chat line (the viewer's input closes with the reason and the end time), warns one
(who must press "I understand"), bans one (another viewer sees the banned user's messages go), and a
viewer reports a message that a platform moderator's desk shows without a reload. Screenshots go to
test-artifacts/moderation-*.png."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from apps.restrictions.models import ChannelModerator, Restriction
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import _violations
from tests.browser.test_watch_layout import _playing, live_stream  # noqa: F401  (a fixture)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]

SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])


def _moderator(stream, username="courtmod"):
    moderator = UserFactory(username=username)
    ChannelModerator.objects.create(creator=stream.creator, moderator=moderator)
    return moderator


def _say(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Message")
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")


def _line(page: Page, text: str):
    return page.locator("[data-chat-list] .chat-msg", has_text=text)


def _open_menu(page: Page, text: str, author: str):
    line = _line(page, text)
    expect(line).to_have_count(1)
    more = line.get_by_role("button", name=f"Actions for message from {author}")
    if page.viewport_size["width"] <= PHONE["width"]:
        # Over the picture the chat is a ticker: a tap grows it, and its lines' ⋯ buttons show.
        expect(more).to_be_hidden()
        line.locator(".chat-text").tap()
    more.click()
    panel = page.get_by_role("dialog", name=re.compile(author))
    expect(panel).to_be_visible()
    return panel


def _no_errors(*pages: Page) -> None:
    assert [page.errors for page in pages] == [[] for _ in pages]


def _input(page: Page):
    return page.get_by_role("textbox", name="Message")


@SIZES
def test_a_moderator_times_out_a_viewer_from_the_chat_line(open_page, live_stream, save_screenshot, size):  # noqa: F811
    path = f"/streams/{live_stream.pk}/"
    moderator = _moderator(live_stream)
    rowdy = UserFactory(username="rowdy_fan")
    viewer = _playing(open_page(path, rowdy, viewport=size))
    mod = _playing(open_page(path, moderator, viewport=size))
    tag = "phone" if size is PHONE else "desktop"

    _say(viewer, "ref is blind lol")
    panel = _open_menu(mod, "ref is blind lol", "rowdy_fan")
    expect(panel.get_by_role("button", name="Time out 10 min")).to_be_visible()
    expect(panel.get_by_role("button", name="Time out 7 days")).to_be_visible()
    save_screenshot(mod, f"moderation-{tag}-line-menu", full_page=False)
    assert _violations(mod) == []  # the open menu: names on every control, contrast

    panel.get_by_label("Reason").fill("Keep it friendly")
    panel.get_by_role("button", name="Time out 10 min").click()
    expect(panel).to_be_hidden()
    expect(mod.locator(".chat-msg--modnote")).to_have_text("rowdy_fan timed out 10 min by you: Keep it friendly")

    # At once, on the viewer's page: the input closed, the reason, the end and a live countdown.
    expect(_input(viewer)).to_be_disabled()
    expect(viewer.locator("[data-chat-notice]")).to_contain_text("Keep it friendly")
    until = viewer.locator("[data-chat-until]")
    expect(until).to_contain_text(re.compile(r"Ends .+ \(in (10:00|9:[0-5]\d)\)"))
    first = until.text_content()
    expect(until).not_to_have_text(first)  # it counts down
    save_screenshot(viewer, f"moderation-{tag}-viewer-timed-out", full_page=False)
    save_screenshot(mod, f"moderation-{tag}-moderator-note", full_page=False)

    timeout = Restriction.objects.get(user=rowdy, kind="timeout")
    assert (timeout.channel_id, timeout.created_by, timeout.reason) == (
        live_stream.creator_id,
        moderator,
        "Keep it friendly",
    )
    assert 590 <= (timeout.ends_at - timeout.created_at).total_seconds() <= 600
    _no_errors(viewer, mod)


def test_hotkeys_warn_a_viewer_who_acknowledges_before_chatting_again(open_page, live_stream, save_screenshot):  # noqa: F811
    path = f"/streams/{live_stream.pk}/"
    moderator = _moderator(live_stream)
    viewer = _playing(open_page(path, UserFactory(username="hothead"), viewport=DESKTOP))
    mod = _playing(open_page(path, moderator, viewport=DESKTOP))

    _say(viewer, "this stream is trash")
    more = _line(mod, "this stream is trash").get_by_role("button", name="Actions for message from hothead")
    more.focus()
    more.press("w")  # a warning needs words: the menu opens on the reason box
    reason = mod.get_by_label("Reason")
    expect(reason).to_be_focused()
    reason.fill("No insults in this chat")
    mod.get_by_role("button", name="Warn").click()
    expect(mod.locator(".chat-msg--modnote")).to_have_text("hothead warned by you: No insults in this chat")

    expect(_input(viewer)).to_be_disabled()
    expect(viewer.locator("[data-chat-notice]")).to_contain_text("No insults in this chat")
    understand = viewer.get_by_role("button", name="I understand")
    save_screenshot(viewer, "moderation-desktop-viewer-warned", full_page=False)
    understand.click()
    expect(_input(viewer)).to_be_enabled()
    expect(understand).to_be_hidden()
    _say(viewer, "sorry, great stream")
    expect(_line(mod, "sorry, great stream")).to_have_count(1)

    # t on a focused line: a 10-minute timeout, no menu.
    more = _line(mod, "sorry, great stream").get_by_role("button", name="Actions for message from hothead")
    more.focus()
    more.press("t")
    expect(mod.locator(".chat-msg--modnote").last).to_have_text("hothead timed out 10 min by you")
    expect(_input(viewer)).to_be_disabled()

    # d on a focused line: deleted, for everyone.
    _line(mod, "this stream is trash").get_by_role("button", name="Actions for message from hothead").press("d")
    expect(_line(viewer, "this stream is trash")).to_have_count(0)
    expect(_line(mod, "this stream is trash")).to_have_count(0)
    _no_errors(viewer, mod)


@SIZES
def test_another_viewer_sees_a_banned_users_messages_disappear(open_page, live_stream, save_screenshot, size):  # noqa: F811
    path = f"/streams/{live_stream.pk}/"
    moderator = _moderator(live_stream)
    spammer_user = UserFactory(username="spam_bot_99")
    spammer = _playing(open_page(path, spammer_user, viewport=size))
    other = _playing(open_page(path, UserFactory(username="quiet_fan"), viewport=size))
    mod = _playing(open_page(path, moderator, viewport=size))
    tag = "phone" if size is PHONE else "desktop"

    for text in ("buy followers cheap", "buy followers now", "dm me for followers"):
        _say(spammer, text)
    _say(other, "nice shot!")
    from_spammer = other.locator("[data-chat-list] .chat-msg", has_text="followers")
    expect(from_spammer).to_have_count(3)
    save_screenshot(other, f"moderation-{tag}-before-ban", full_page=False)

    panel = _open_menu(mod, "dm me for followers", "spam_bot_99")
    panel.get_by_role("button", name="Ban from channel").click()
    expect(mod.locator(".chat-msg--modnote")).to_contain_text("spam_bot_99 banned from the channel by you")

    expect(from_spammer).to_have_count(0)
    expect(_line(other, "nice shot!")).to_have_count(1)
    expect(_input(spammer)).to_be_disabled()
    save_screenshot(other, f"moderation-{tag}-after-ban", full_page=False)
    save_screenshot(spammer, f"moderation-{tag}-banned", full_page=False)
    assert Restriction.objects.filter(user=spammer_user, kind="ban", channel=live_stream.creator).count() == 1
    _no_errors(spammer, other, mod)


@SIZES
def test_the_desk_shows_a_new_report_without_a_reload(open_page, live_stream, save_screenshot, size):  # noqa: F811
    path = f"/streams/{live_stream.pk}/"
    desk_user = UserFactory(username="platform_mod")
    desk_user.user_permissions.add(Permission.objects.get(codename="moderate_platform"))
    desk = open_page("/moderation/", desk_user, viewport=size)
    loads = []
    desk.on("load", lambda _: loads.append(1))
    rude = _playing(open_page(path, UserFactory(username="rude_dude"), viewport=size))
    reporter = _playing(open_page(path, UserFactory(username="good_citizen"), viewport=size))
    tag = "phone" if size is PHONE else "desktop"

    _say(rude, "you all stink")
    panel = _open_menu(reporter, "you all stink", "rude_dude")
    expect(panel.get_by_role("button", name="Delete message")).to_have_count(0)  # a viewer reports, no more
    panel.get_by_role("button", name="Report message").click()
    dialog = reporter.get_by_role("dialog", name=re.compile("Report"))
    expect(dialog).to_be_visible()
    dialog.get_by_label("Anything to add?").fill("Insulting everyone")
    save_screenshot(reporter, f"moderation-{tag}-report-dialog", full_page=False)
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text(re.compile("Thanks — we received your report"))

    expect(desk.get_by_text("you all stink")).to_be_visible()
    assert loads == []  # no reload: the desk's socket brought it
    save_screenshot(desk, f"moderation-{tag}-desk-new-report", full_page=False)
    _no_errors(reporter, desk)


def test_held_messages_wait_for_a_moderator_and_the_user_card(open_page, live_stream, save_screenshot):  # noqa: F811
    from apps.restrictions.models import Term

    Term.objects.create(channel=live_stream.creator, kind="blocked", text="n00b*")
    path = f"/streams/{live_stream.pk}/"
    moderator = _moderator(live_stream)
    sender = _playing(open_page(path, UserFactory(username="salty_sam"), viewport=PHONE))
    other = _playing(open_page(path, UserFactory(username="quiet_fan"), viewport=PHONE))
    mod = _playing(open_page(path, moderator, viewport=PHONE))

    _say(sender, "what a n00bie move")
    held_line = _line(sender, "what a n00bie move")
    expect(held_line).to_contain_text("held for review")
    held = mod.locator("[data-chat-held]")
    expect(held.get_by_role("heading")).to_have_text("Held for review (1)")
    expect(held).to_contain_text("n00b")
    save_screenshot(mod, "moderation-phone-held-queue", full_page=False)
    expect(_line(other, "what a n00bie move")).to_have_count(0)

    held.get_by_role("button", name="Approve the held message from salty_sam").click()
    expect(held).to_be_hidden()
    expect(_line(other, "what a n00bie move")).to_have_count(1)

    # The user card: account age, follower or not, what moderators did here, recent messages.
    panel = _open_menu(mod, "what a n00bie move", "salty_sam")
    panel.get_by_role("button", name="User card").click()
    card = panel.locator(".user-card")
    expect(card).to_contain_text("Recent messages here")
    expect(card).to_contain_text("what a n00bie move")
    expect(card).to_contain_text("not following")
    save_screenshot(mod, "moderation-phone-user-card", full_page=False)
    _no_errors(sender, other, mod)
