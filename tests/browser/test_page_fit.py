"""Every page of README.md's page list fits a 390 px phone and a 1366 px laptop: nothing scrolls sideways,
and on the laptop the header is one row even with a 30-character display name. The pages come from the
README itself, so a page added there is checked here without editing this file (a new placeholder in
its path needs an entry in `placeholders`). Screenshots: test-artifacts/fit-<page>-<size>.png."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

from apps.accounts.services import profile_update
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.site_data import LONG_NAME, long_named_site

pytestmark = pytest.mark.browser

README = Path(settings.BASE_DIR) / "README.md"
SHORT_NAME = "Jo"
# Pages for signed-out visitors only (allauth sends a signed-in user on); every other page is opened
# signed in, as the creator of the stream the placeholders point at.
SIGNED_OUT = ("/accounts/login/", "/accounts/signup/")
# A header taller than one row plus this is a second row.
ONE_ROW_SLACK = 4


def readme_pages() -> list[str]:
    """The paths of README.md's "Pages:" paragraph, in its order."""
    text = README.read_text()
    paragraph = re.search(r"^Pages: (.*?)(?:\n\n)", text, re.MULTILINE | re.DOTALL)
    assert paragraph, "README.md has no 'Pages:' paragraph"
    return re.findall(r"`(/[^`]*)`", paragraph.group(1))


PAGES = readme_pages()


def test_the_readme_lists_the_pages():
    """The parse itself: a page list this test can no longer read would check nothing."""
    assert {"/live/", "/streams/<id>/", "/wallet/", "/profile/edit/", "/admin/"} <= set(PAGES)


@pytest.fixture
def people(transactional_db):
    return long_named_site()


def _path(pattern: str, people) -> str:
    placeholders = {
        "<id>": str(people["stream"].pk),
        "<username>": people["athlete"].username,
        "<tag>": "handles",
        "<tournament>": str(people["tournament"].pk),
        "<match>": str(people["match"].pk),
    }
    path = pattern
    for placeholder, value in placeholders.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"{pattern}: add its placeholder to `placeholders`"
    return path


def _slug(pattern: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", pattern.lower()).strip("-") or "home"


def _header_height(page: Page) -> float:
    return page.locator(".site-header").evaluate("header => header.getBoundingClientRect().height")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("pattern", PAGES)
def test_page_fits_the_screen(open_page, save_screenshot, people, pattern, size):
    signed_in = pattern not in SIGNED_OUT
    page = open_page(_path(pattern, people), people["me"] if signed_in else None, viewport=size)
    page.wait_for_load_state("load")
    assert page.evaluate("document.readyState") == "complete"
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == 200, f"{pattern} answered {status}"
    save_screenshot(page, f"fit-{_slug(pattern)}-{'phone' if size is PHONE else 'desktop'}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], (
        f"{pattern} is {width} px wide on a {size['width']} px screen: {_past_the_edge(page)}"
    )


def _past_the_edge(page: Page) -> list[str]:
    """The elements reaching past the screen's right edge (the first few), to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 8)
        .map((e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : "") + [...e.classList].map((c) => `.${c}`).join(""))
        """
    )


@pytest.mark.parametrize("width", [1024, DESKTOP["width"]])
def test_header_is_one_row_with_a_30_character_name(open_page, save_screenshot, people, width):
    """One row: no taller than the same header with a two-letter name; nothing in it cut off or pushed out."""
    me, size = people["me"], {"width": width, "height": DESKTOP["height"]}
    me.profile.refresh_from_db()  # the site set its tier in the database: save it back, not over it
    assert len(LONG_NAME) == 30
    profile_update(profile=me.profile, data={"display_name": SHORT_NAME})
    one_row = _header_height(open_page("/live/", me, viewport=size))
    profile_update(profile=me.profile, data={"display_name": LONG_NAME})
    page = open_page("/live/", me, viewport=size)
    save_screenshot(page, f"fit-header-long-name-{width}")
    assert _header_height(page) <= one_row + ONE_ROW_SLACK
    nav = page.get_by_role("navigation", name="Main")
    assert nav.evaluate("nav => nav.scrollWidth <= nav.clientWidth")
    for control in (nav.get_by_role("link", name="Devices"), nav.get_by_role("button", name="Log out")):
        assert control.is_visible()
    name = page.locator(".site-header .nav-user")
    assert name.get_attribute("title") == LONG_NAME
    assert name.locator("a").is_visible()
    assert name.locator(".tier-badge").is_visible()  # the badge stays beside the shortened name
