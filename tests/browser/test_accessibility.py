"""axe-core (vendored from npm in tests/browser/vendor/axe-core/, never served) on the busiest pages,
on a phone and a laptop: no serious or critical violations (contrast, names, labels, landmarks...)."""

import json
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.site_data import long_named_site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"  # answered by the test (page.route), never by the site
BLOCKING = ("serious", "critical")
# Each page and who opens it: the stream's creator ("me"), or the athlete, who watches it as a fan
# (chat box, gift panel).
PAGES = {
    "watch": (lambda site: f"/streams/{site['stream'].pk}/", "athlete"),
    "live": (lambda site: "/live/", "me"),
    "profile": (lambda site: f"/u/{site['athlete'].username}/", "me"),
    "wallet": (lambda site: "/wallet/", "me"),
    "studio": (lambda site: f"/streams/{site['stream'].pk}/studio/", "me"),
    "search": (lambda site: "/search/?q=a", "me"),
    "notifications": (lambda site: "/notifications/", "me"),
    "notification preferences": (lambda site: "/notifications/preferences/", "me"),
    "not found": (lambda site: "/no-such-page/", "me"),
    "tournaments": (lambda site: "/tournaments/", "me"),
    "tournament": (lambda site: f"/tournaments/{site['tournament'].pk}/", "me"),
    "tournament match": (lambda site: f"/tournaments/{site['tournament'].pk}/matches/{site['match'].pk}/", "me"),
    "new tournament": (lambda site: "/tournaments/new/", "me"),
}


@pytest.fixture
def site(transactional_db):
    return long_named_site()


def _violations(page) -> list[dict]:
    # An inline <script> (add_script_tag(path=...)) is refused by our CSP; a same-origin file is not.
    page.route(AXE_URL, lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
    page.add_script_tag(url=AXE_URL)
    results = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "at": [" ".join(n["target"]) for n in v["nodes"][:5]]}
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violations(open_page, site, name, size):
    path, who = PAGES[name]
    page = open_page(path(site), site[who], viewport=size)
    page.wait_for_load_state("load")
    violations = _violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def test_axe_finds_what_it_is_here_to_find(open_page, site):
    """The check itself: a nameless button and grey-on-grey text on one of our pages are reported."""
    page = open_page("/live/", site["me"], viewport=DESKTOP)
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<button type="button" id="nameless"></button>');
            main.insertAdjacentHTML("beforeend", '<p id="faint" style="color:#2a3446">hard to read</p>');
        }"""
    )
    found = {v["id"] for v in _violations(page)}
    assert {"button-name", "color-contrast"} <= found
