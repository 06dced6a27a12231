"""The header below 1024 px: a menu button that opens the navigation, by mouse and by keyboard, and
says so (aria-expanded); the search box sends its words to /search/."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_menu_button_opens_the_navigation_on_a_phone(open_page, save_screenshot):
    page = open_page("/live/", UserFactory(username="menu_tester"), viewport=PHONE)
    nav = page.get_by_role("navigation", name="Main")
    button = nav.get_by_role("button", name="Menu")
    profile = nav.get_by_role("link", name="Profile")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(profile).not_to_be_visible()
    header_closed = page.locator(".site-header").bounding_box()["height"]
    assert header_closed < 70  # one row: the brand and the button

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    for name in ("Live", "Profile", "Wallet", "Devices"):
        expect(nav.get_by_role("link", name=re.compile(rf"^{name}"))).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav.get_by_role("searchbox")).to_be_visible()
    save_screenshot(page, "header-menu-open-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(profile).not_to_be_visible()

    # By keyboard alone: Enter opens it and Tab goes on into the menu.
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Live", exact=True)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")


def test_closed_menu_is_out_of_the_tab_order(open_page):
    page = open_page("/live/", viewport=PHONE)
    page.get_by_role("link", name="Ball Skill Live", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Menu")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.site-header') === null")
    assert focused, "Tab went into the closed menu"


def test_desktop_has_no_menu_button_and_the_search_box_goes_to_search(open_page):
    page = open_page("/live/", viewport=DESKTOP)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Tournaments")).to_be_visible()
    search = page.get_by_role("search").get_by_role("searchbox", name="Search", exact=True)
    search.fill("crossover drills")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=crossover\+drills$"))
