"""A new athlete signs up, logs out and in again, and fills in their profile, all in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import User

pytestmark = pytest.mark.browser

USERNAME = "splash_reyes"
EMAIL = "splash@example.com"
PASSWORD = "Corner-three-at-the-buzzer-91"

NEW_PROFILE = {
    "display_name": "Splash Reyes",
    "hometown": "Oakland, CA",
    "height_inches": "74",
    "bio": "Left-handed shooter, streams pickup runs every Sunday.",
}


def field(page: Page, name: str):
    return page.locator(f'[name="{name}"]')


def profile_url(username: str):
    return re.compile(rf"/u/{username}/$")


def sign_up(page: Page):
    page.goto("/accounts/signup/")
    field(page, "username").fill(USERNAME)
    field(page, "email").fill(EMAIL)
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()


def log_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def log_in(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    field(page, "login").fill(USERNAME)
    field(page, "password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_profile(page: Page, values: dict):
    for name, value in values.items():
        field(page, name).fill(value)


def test_new_athlete_signs_up_and_edits_profile(page: Page, screenshot):
    nav = page.get_by_role("navigation", name="Main")

    sign_up(page)
    expect(page).to_have_url(profile_url(USERNAME))
    expect(page.get_by_role("heading", level=1)).to_contain_text(USERNAME)
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    screenshot("01-after-signup")

    log_out(page)
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_have_count(0)

    log_in(page)
    expect(page).to_have_url(profile_url(USERNAME))

    page.get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your athlete profile")

    fill_profile(page, {**NEW_PROFILE, "height_inches": "-5"})
    page.get_by_role("button", name="Save profile").click()
    height_field = page.locator(".field", has=field(page, "height_inches"))
    expect(height_field).to_have_class(re.compile(r"\bfield--error\b"))
    expect(height_field.locator(".error")).to_contain_text("greater than or equal to")
    expect(field(page, "height_inches")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field--error")).to_have_count(1)
    screenshot("02-edit-form-height-error")
    profile = User.objects.get(username=USERNAME).profile
    assert (profile.display_name, profile.hometown, profile.height_inches, profile.bio) == ("", "", None, "")

    fill_profile(page, NEW_PROFILE)
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(profile_url(USERNAME))
    expect(page.locator("#toasts")).to_contain_text("Profile saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEW_PROFILE["display_name"])
    expect(page.locator(".profile-id .muted")).to_contain_text(NEW_PROFILE["hometown"])
    expect(page.locator(".facts dt:text-is('Height') + dd")).to_have_text("74 in")
    expect(page.locator(".bio")).to_have_text(NEW_PROFILE["bio"])
    screenshot("03-profile-after-edit")
    profile.refresh_from_db()
    assert profile.display_name == NEW_PROFILE["display_name"]
    assert profile.height_inches == 74
