"""Shared fixtures, and the rule for tests that need a service.

A test marked `postgres`, `redis`, `redis_server` (starts Redis servers of its own), `browser`
or `media` skips with a one-line reason when that service is missing; under CI (CI=true) the
same absence is a failure, so nothing skips there.
"""

import contextlib
import importlib
import os
import shutil
import socket
import uuid
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_migrate
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"


# Rows that migrations create (streaming's categories, tournaments' game types, the platform
# moderators' group). A transactional
# test's flush empties every table and then sends post_migrate, as `migrate` does: they come back
# for the tests after it.
MIGRATION_DATA = {
    "streaming": ("apps.streaming.migrations.0006_category", "add_categories"),
    "tournaments": ("apps.tournaments.migrations.0002_game_types", "add_game_types"),
    "restrictions": ("apps.restrictions.migrations.0002_audit_guard_and_moderators_group", "create_group"),
    # desk (C2): the platform moderators' group reads verification documents.
    "moderation": ("apps.moderation.migrations.0002_moderators_read_verification_documents", "grant"),
    # #19: the shot types (shot challenges' tests after a transactional one name them).
    "shots": ("apps.shots.migrations.0002_shot_types", "add_shot_types"),
}


def _add_migration_data(sender, **kwargs):
    module, function = MIGRATION_DATA[sender.label]
    getattr(importlib.import_module(module), function)(apps, None)


for label in MIGRATION_DATA:
    post_migrate.connect(
        _add_migration_data, sender=apps.get_app_config(label), dispatch_uid=f"tests.migration_data.{label}"
    )


def _redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    url = urlparse(settings.REDIS_URL)
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _media_missing() -> str | None:
    from apps.devices.media_server import missing

    if shutil.which("ffmpeg") is None:
        return "ffmpeg is not installed (apt install ffmpeg)"
    return missing()


def _missing_service(item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("redis") and not _redis_reachable():
        return "needs Redis: set REDIS_URL=redis://... to a running server"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt install chromium)"
    if item.get_closest_marker("redis_server") and not shutil.which("redis-server"):
        return "needs the redis-server program (apt install redis-server)"
    if item.get_closest_marker("media") and (reason := _media_missing()):
        return f"needs the media tools: {reason}"
    return None


# Tests that drive shared machinery (Chromium against a served site, nginx-rtmp, Redis servers they
# start and stop, Celery workers on a fixed Redis database). `make test` runs the others spread over a
# process per core (pytest-xdist, --service-tests=none), then these one after another in one process
# (--service-tests=only); plain `pytest` runs everything in one process.
SERVICE_MARKERS = ("browser", "media", "redis_server", "serial")


def pytest_addoption(parser):
    parser.addoption(
        "--service-tests",
        choices=("all", "none", "only"),
        default="all",
        help="run the tests marked browser, media, redis_server or serial too (all), not (none), or alone (only)",
    )


def pytest_collection_modifyitems(config, items):
    which = config.getoption("service_tests")
    if which == "all":
        return
    keep, drop = [], []
    for item in items:
        is_service = any(item.get_closest_marker(marker) for marker in SERVICE_MARKERS)
        (keep if is_service == (which == "only") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run every test, but this one {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def staff_client(client):
    """The test client, signed in as a superuser (the admin)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def auth_api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
async def fresh_sockets():
    """A channel layer of this test's own, and every socket the test opened through
    tests.realtime.sockets closed at the end, pass or fail.

    The layer is a process-wide object, but channels-redis keeps receive locks bound to the
    event loop that made them, and each async test has a loop of its own: a layer reused from
    an earlier test's loop fails its receivers, and those frames are silently lost.
    """
    from channels.layers import channel_layers

    from tests.realtime.sockets import close_open_sockets  # imports the ASGI app: only where sockets are used

    await _drop_channel_layer(channel_layers)
    yield
    await close_open_sockets()
    await _drop_channel_layer(channel_layers)


async def _drop_channel_layer(channel_layers) -> None:
    from channels import DEFAULT_CHANNEL_LAYER

    layer = channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    if hasattr(layer, "close_pools"):
        await layer.close_pools()


@pytest.fixture
def refused_port():
    """A local port nothing listens on: connections are refused, as by a Redis that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hung_port():
    """A local port that accepts connections and never answers: a hung Redis, or a network dropping packets."""
    with socket.socket() as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen(64)
        yield hole.getsockname()[1]


@pytest.fixture
def own_cache(settings):
    """A cache of this test's own, in memory: nothing another test left there (the overdue sweeps
    remember in the cache what they queued, and SQLite reuses the ids of rolled-back rows)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{uuid.uuid4()}"}
    }


@pytest.fixture
def broker_hung(settings, hung_port):
    """A context manager: inside it Celery queues tasks, for real, to a broker that never answers."""
    from config.celery import app

    @contextlib.contextmanager
    def hung():
        eager, url = settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL
        settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, f"redis://127.0.0.1:{hung_port}/0"
        app._after_fork()  # Celery's own reset of its broker connections (as in a forked child)
        try:
            yield
        finally:
            settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = eager, url
            app._after_fork()

    return hung


# --- AutoMod (apps.restrictions.automod)
@pytest.fixture(autouse=True)
def _automod_filters_of_this_test():
    """AutoMod keeps each channel's compiled filter in the process, until a version stamp in the
    cache moves: a test whose rows are rolled back moves none, and its channel's id comes back."""
    from apps.restrictions.automod import channels

    channels.forget()


# --- issue #18, chat moderation (helper B2): the clock, AutoMod and shadow-hide stand-ins.
pytest_plugins = ["tests.streaming.chat_moderation"]


class Clock:
    """`django.utils.timezone.now`, moved by the test: services and rules read it through the module."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test controls, instead of sleeping."""
    return Clock(monkeypatch)
