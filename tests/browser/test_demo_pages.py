"""A fresh demo, as `make run` seeds it, in a browser: the home page and /live/ show what is coming
up and past broadcasts with their numbers (no stream is LIVE without a picture), and a profile with
sponsors loads nothing from another site."""

import importlib
import shutil
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _seed() -> None:
    try:
        call_command("seed_demo", stdout=StringIO())
    finally:
        connections.close_all()  # this thread's own: the test database's teardown waits on none


@pytest.fixture
def demo(transactional_db, settings):
    """The demo seeded, its photos and logos on disk where the test daphne serves /media/ from (the
    suite's own storage is in memory)."""
    media = Path(settings.MEDIA_ROOT)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
    }
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    # In a thread of its own: this one runs Playwright's event loop, where the frames the seeding
    # sends after each commit could not be handed to the channel layer.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_seed).result()
    yield
    for folder in ("profiles", "sponsors"):
        shutil.rmtree(media / folder, ignore_errors=True)


def test_the_demo_shows_upcoming_and_past_broadcasts_and_no_dead_live_stream(open_page, save_screenshot, demo):
    for path in ("/", "/live/"):
        page = open_page(path)
        expect(page.locator(".empty-state")).to_contain_text("Nobody is live")
        expect(page.locator(".live-pill")).to_have_count(0)
        upcoming = page.locator('[aria-labelledby="upcoming-heading"] > li')
        expect(upcoming).to_have_count(2)
        expect(upcoming.first).to_contain_text("3-point contest")
        recent = page.locator('[aria-labelledby="recent-heading"] > li')
        expect(recent).to_have_count(2)
        expect(recent.filter(has_text="Friday night 1v1s — call your shot")).to_contain_text("1:15:00")
        assert page.errors == []  # every photo found, nothing refused
    save_screenshot(page, "demo-live-page")


def test_a_demo_profile_with_sponsors_asks_no_other_site(open_page, save_screenshot, asgi_server, demo):
    requested: list[str] = []
    page = open_page("/u/hooperjay/", before=lambda page: page.on("request", lambda r: requested.append(r.url)))
    logos = page.locator(".sponsors img")
    expect(logos).to_have_count(2)
    for logo in logos.all():
        assert logo.evaluate("image => image.complete && image.naturalWidth > 0")
    page.wait_for_load_state("networkidle")
    assert requested
    assert [url for url in requested if not url.startswith((asgi_server, "data:", "blob:"))] == []
    page.locator(".sponsors").scroll_into_view_if_needed()
    save_screenshot(page, "demo-profile-sponsors")
