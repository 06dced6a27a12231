"""Test settings: the base settings plus speed-ups. DATABASE_URL / REDIS_URL still apply,
so the same suite runs on the embedded default and on PostgreSQL + Redis."""

import os
from urllib.parse import urlparse

# Under pytest-xdist each worker process (PYTEST_XDIST_WORKER: gw0, gw1, ...) gets a Redis database
# and media folders of its own, so two workers never share a channel layer, a cache or a file. The
# servers a worker starts inherit its environment: the Redis URL is moved once, for the worker.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_WORKER_SUFFIX = f"-{_WORKER}" if _WORKER else ""
if _WORKER and os.environ.get("REDIS_URL") and os.environ.get("TEST_REDIS_WORKER") != _WORKER:
    _redis = urlparse(os.environ["REDIS_URL"])
    _database = int(_redis.path.strip("/") or 0) + int(_WORKER.removeprefix("gw")) + 1
    os.environ["REDIS_URL"] = _redis._replace(path=f"/{_database}").geturl()
    os.environ["TEST_REDIS_WORKER"] = _WORKER

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import BASE_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / f".test-media{_WORKER_SUFFIX}"
PRIVATE_MEDIA_ROOT = BASE_DIR / f".test-private-media{_WORKER_SUFFIX}"
PRIVATE_MEDIA_ACCEL_URL = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "apps.core.private_files.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test process; tests that need a real worker start one themselves.
CELERY_TASK_ALWAYS_EAGER = True
# ...and countdowns run at once, not on timer threads that would outlive the test.
EAGER_COUNTDOWN_TIMERS = False
# Connections opened by consumer threads must close after each use, or the test database
# cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# No pool in the test process: pooled connections would keep the test database from being dropped.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
# nginx-rtmp's folder for the media tests; daphne subprocesses are given the same one.
MEDIA_SERVER_ROOT = BASE_DIR / f".test-media-server{_WORKER_SUFFIX}"
# Stopping an encoder ends its stream at once, unless a test sets a grace period.
RTMP_RECONNECT_GRACE_SECONDS = 0
# No write limit unless a test sets one: the cache outlives a test, and on SQLite user ids come back.
API_WRITE_RATE = ""
