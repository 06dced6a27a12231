"""Playwright fixtures: one system Chromium for the browser tests, a fresh context per test."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="package")
def allow_sync_orm_while_playwright_runs():
    # Sync Playwright keeps an asyncio loop running in this thread for as long as it lives, so
    # Django takes every ORM call here (the test's and pytest-django's flush) as unsafe async use.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(allow_sync_orm_while_playwright_runs) -> Iterator[Browser]:
    # Package scope, not session: Playwright's loop must stop before the rest of the suite runs,
    # or the async tests there could not start their own loop in this thread.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page: Page):
    """Save a full-page PNG of the current page to test-artifacts/<name>.png."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)

    def save(name: str) -> Path:
        path = ARTIFACTS_DIR / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save
