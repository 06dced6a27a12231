"""The profile's Following button says Unfollow while it is pointed at or focused, and back after."""

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Follow
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_following_shows_unfollow_on_hover_and_focus(open_page):
    fan, creator = UserFactory(username="fan_hover"), UserFactory(username="creator_hover")
    Follow.objects.create(follower=fan, creator=creator)
    page = open_page(f"/u/{creator.username}/", fan)
    button = page.get_by_role("button", name="Following", exact=True)
    expect(button).to_have_attribute("aria-pressed", "true")
    state, action = button.locator(".follow-toggle__state"), button.locator(".follow-toggle__action")
    expect(state).to_have_css("opacity", "1")
    expect(action).to_have_css("opacity", "0")

    button.hover()
    expect(action).to_have_css("opacity", "1")
    expect(state).to_have_css("opacity", "0")
    expect(button).to_have_accessible_name("Following")  # what it is, while the eye reads what it does
    page.mouse.move(0, 0)
    expect(state).to_have_css("opacity", "1")

    page.get_by_role("link", name="Ball Skill Live", exact=True).focus()
    while not button.evaluate("b => b === document.activeElement"):
        page.keyboard.press("Tab")
    expect(action).to_have_css("opacity", "1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Follow", exact=True)).to_have_attribute("aria-pressed", "false")
    assert not Follow.objects.filter(follower=fan, creator=creator).exists()
