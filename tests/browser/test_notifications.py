"""The header's bell on a real daphne: a creator starts their stream from the studio, and a follower's
bell on another page counts the notification live, then goes back to none once it is read.
Screenshots go to test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.accounts.services import follow_create
from apps.notifications.models import StreamReminder
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.browser


def bell(page: Page):
    return page.locator("[data-notification-bell]")


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_bell_counts_a_followed_creator_going_live_and_clears_when_read(open_page, save_screenshot, viewport, name):
    creator, fan = UserFactory(username="hooperjay"), UserFactory(username="bigfan")
    stream = StreamFactory(creator=creator, title="Crossover clinic")
    follow_create(follower=fan, creator=creator)

    fans_page = open_page("/live/", fan, viewport=viewport)
    expect(bell(fans_page)).to_have_attribute("aria-label", "Notifications, 0 unread")
    expect(bell(fans_page).locator("[data-unread]")).to_be_hidden()
    expect(bell(fans_page)).to_have_attribute("data-live", "true")

    studio = open_page(f"/streams/{stream.pk}/studio/", creator)
    studio.get_by_role("button", name="Start stream").click()

    expect(bell(fans_page)).to_have_attribute("aria-label", "Notifications, 1 unread")
    expect(bell(fans_page).locator("[data-unread]")).to_have_text("1")
    save_screenshot(fans_page, f"notifications-bell-{name}")

    fans_page.goto("/notifications/")
    expect(fans_page.locator(".notification--unread")).to_contain_text("hooperjay is live: Crossover clinic")
    save_screenshot(fans_page, f"notifications-list-{name}")
    fans_page.get_by_role("button", name="Mark read").click()
    expect(fans_page.locator(".notification--unread")).to_have_count(0)
    expect(bell(fans_page)).to_have_attribute("aria-label", "Notifications, 0 unread")
    assert fans_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    fans_page.get_by_role("link", name="Preferences").click()
    expect(fans_page.get_by_role("checkbox", name="A big gift you received: by email")).not_to_be_checked()
    save_screenshot(fans_page, f"notifications-preferences-{name}")
    assert fans_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert fans_page.errors == []


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_remind_me_is_on_the_scheduled_streams_picture(open_page, save_screenshot, viewport, name):
    stream = StreamFactory(title="Crossover clinic", scheduled_for=timezone.now() + timedelta(days=1))
    fan = UserFactory()
    page = open_page(f"/streams/{stream.pk}/", fan, viewport=viewport)
    remind = page.locator("[data-card='scheduled']").get_by_role("button", name="Remind me")
    expect(remind).to_be_in_viewport()
    remind.click()
    expect(page.locator("[data-card='scheduled']")).to_contain_text("Reminder set")
    save_screenshot(page, f"notifications-reminder-set-{name}", full_page=False)
    assert StreamReminder.objects.filter(user=fan, stream=stream).exists()
