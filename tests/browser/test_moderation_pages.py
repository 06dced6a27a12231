"""The moderation pages that need no video: a creator's channel moderation page (moderators, safety,
AutoMod, terms: each form saved through its service), reporting a profile, and axe on both."""

import pytest
from playwright.sync_api import expect

from apps.restrictions.models import ChannelModerator, Term
from apps.restrictions.selectors import safety_for
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import _violations
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_creator_sets_up_moderation_from_the_studio_link(open_page, save_screenshot, size):
    from tests.streaming.factories import LiveStreamFactory

    creator = UserFactory(username="hooperjay")
    helper = UserFactory(username="trusty_mod")
    stream = LiveStreamFactory(creator=creator)
    page = open_page(f"/streams/{stream.pk}/studio/", creator, viewport=size)
    page.get_by_role("link", name="Moderation settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Channel moderation")

    page.get_by_label("Username").fill("@trusty_mod")
    page.get_by_role("button", name="Add moderator").click()
    expect(page.locator("#toasts")).to_contain_text("trusty_mod is now a moderator")
    assert ChannelModerator.objects.filter(creator=creator, moderator=helper).exists()

    page.get_by_label("Shield mode").check()
    page.get_by_label("Unique chat").check()
    page.get_by_role("button", name="Save safety settings").click()
    expect(page.get_by_label("Shield mode")).to_be_checked()
    safety = safety_for(creator.pk)
    assert (safety.shield_mode, safety.unique_chat, safety.established_only) == (True, True, False)

    page.get_by_label("AutoMod level").select_option("2")
    page.get_by_label("Hate").check()
    page.get_by_role("button", name="Save AutoMod").click()
    expect(page.get_by_label("AutoMod level")).to_have_value("2")
    assert (safety_for(creator.pk).automod_level, safety_for(creator.pk).automod_categories) == (2, ["hate"])

    page.get_by_role("textbox", name="Term").fill("n00b*")
    page.get_by_label("Expires").select_option(label="In 7 days")
    page.get_by_role("button", name="Add term").click()
    expect(page.locator(".term-list")).to_contain_text("n00b*")
    term = Term.objects.get(channel=creator)
    assert term.expires_at is not None
    assert _violations(page) == []
    save_screenshot(page, f"moderation-{'phone' if size is PHONE else 'desktop'}-channel-page")

    page.get_by_role("button", name="Remove the term n00b*").click()
    expect(page.locator(".term-list")).to_have_count(0)
    page.get_by_role("button", name="Remove trusty_mod as moderator").click()
    expect(page.locator("#toasts")).to_contain_text("no longer a moderator")
    assert not ChannelModerator.objects.filter(creator=creator).exists()
    assert page.errors == []


def test_a_viewer_reports_a_profile(open_page, save_screenshot):
    from apps.moderation.models import Report

    athlete = UserFactory(username="fake_pro")
    fan = UserFactory(username="sharp_eyes")
    page = open_page(f"/u/{athlete.username}/", fan, viewport=PHONE)
    page.get_by_role("button", name="Report profile").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert _violations(page) == []
    dialog.get_by_label("Anything to add?").fill("Pretends to be a pro")
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_contain_text("Thanks — we received your report")
    save_screenshot(page, "moderation-phone-report-profile", full_page=False)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert Report.objects.filter(reporter=fan).count() == 1
    assert page.errors == []

    own = open_page(f"/u/{athlete.username}/", athlete, viewport=PHONE)
    expect(own.get_by_role("button", name="Report profile")).to_have_count(0)
