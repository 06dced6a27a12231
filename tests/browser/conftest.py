"""Playwright fixtures: one system Chromium for the browser tests, a fresh context per test.

Pages that use WebSockets need a real ASGI server: `asgi_server` runs daphne (see below).
"""

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from apps.devices.media_server import MediaServer
from tests.factories import UserFactory
from tests.realtime.servers import free_port, wait_for_sockets_to_close

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
# The two screens every page is built for: a phone held upright, and a laptop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 800}


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


# --- A real ASGI server for pages with WebSockets ----------------------------------------------
# pytest-django's live_server is WSGI: no WebSockets. `asgi_server` runs daphne on
# config.asgi.application in a subprocess, on the test database. Its channel layer is its own
# (in-memory on the embedded run, Redis on the service run), so frames reach the browsers when
# the server causes them (a form posted, a socket frame sent): drive the pages, not the services.

SERVER_START_TIMEOUT = 30
LISTENING = re.compile(r"Listening on TCP address 127\.0\.0\.1:(\d+)")


def pytest_configure(config):
    """A subprocess cannot see SQLite's in-memory test database: make it a file for this run."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = str(Path(tempfile.gettempdir()) / f"ballskill-test-{os.getpid()}.sqlite3")


def pytest_unconfigure(config):
    # SQLite's WAL files next to the test database (Django removes only the database file).
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME") or ""
    if name.startswith(tempfile.gettempdir()):
        for suffix in ("-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)


def _test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Base URL of a daphne process serving HTTP and WebSockets on the test database (committed data only:
    use it with `transactional_db`)."""
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "SERVE_FILES": "true",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the server must not hide async misuse
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    # One log per test run: two runs at once (two developers, one tree) must not read each other's port.
    log_path = ARTIFACTS_DIR / f"daphne-browser-{os.getpid()}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", "0", "config.asgi:application"],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not (match := LISTENING.search(log_path.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"daphne did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def open_page(browser: Browser, asgi_server: str, transactional_db) -> Iterator[Callable[..., Page]]:
    """`open_page(path, user=None, block=(), before=None, viewport=None)`: a page in a browser context of
    its own (its own cookies), signed in as `user` when given, on the ASGI server, with the scripts
    matching `block` emptied; `before(page)` runs before it loads (to listen, route, or install a
    clock); `viewport` is a size such as PHONE (1280x800 by default; PHONE also emulates touch). Every
    page records its console errors and uncaught exceptions in `page.errors`."""
    contexts: list[BrowserContext] = []

    def open_(path: str, user=None, *, block: tuple[str, ...] = (), before=None, viewport=None) -> Page:
        size = viewport or {"width": 1280, "height": 800}
        phone = size["width"] <= PHONE["width"]
        context = browser.new_context(base_url=asgi_server, viewport=size, has_touch=phone, is_mobile=phone)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": asgi_server}])
        for pattern in block:  # an empty script instead (an aborted one would be a console error)
            context.route(pattern, lambda route: route.fulfill(content_type="text/javascript", body=""))
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        if before is not None:
            before(page)
        page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
    wait_for_sockets_to_close()


@pytest.fixture
def save_screenshot() -> Callable[[Page, str], Path]:
    """`save_screenshot(page, name, full_page=True)`: a PNG of `page` (the whole page, or what its
    screen shows) in test-artifacts/<name>.png."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS_DIR / f"{name}.png"
        page.evaluate("window.scrollTo(0, 0)")  # a sticky header would otherwise sit mid-picture
        page.screenshot(path=path, full_page=full_page)
        return path

    return save


@pytest.fixture
def gift_catalog(transactional_db):
    """The catalog migration 0002 seeds (transactional tests flush it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


@pytest.fixture
def staff(transactional_db):
    return UserFactory(is_staff=True, username="treasurer")


@pytest.fixture
def media_server(asgi_server):
    """nginx-rtmp on a free loopback port, calling the hooks of the test's daphne."""
    server = MediaServer(root=settings.MEDIA_SERVER_ROOT, listen=f"127.0.0.1:{free_port()}", hook_site=asgi_server)
    shutil.rmtree(server.root, ignore_errors=True)
    server.start()
    yield server
    server.stop()
