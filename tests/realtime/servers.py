"""Real daphne processes for tests that need more than one server or a real network path.

They serve the test database, so they need PostgreSQL (a subprocess cannot see SQLite's
in-memory test database) and Redis for the channel layer between processes.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 30
VIEWERS_SETTLE_TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for_port(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"daphne exited with {process.returncode}: {log.read()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"daphne did not listen on {port} within {START_TIMEOUT}s")


def wait_for_sockets_to_close() -> None:
    """Closed sockets are still leaving on the server (counting the viewer out, broadcasting the
    count): let them, before the database is flushed or the server stopped under them."""
    from apps.streaming.models import StreamViewer

    deadline = time.monotonic() + VIEWERS_SETTLE_TIMEOUT
    while StreamViewer.objects.filter(connections__gt=0).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    # ...and whatever else the server is still writing (a request the closed page left in flight):
    # the flush that follows would deadlock with it.
    while _server_busy_in_database() and time.monotonic() < deadline:
        time.sleep(0.05)


def _server_busy_in_database() -> bool:
    if connection.vendor != "postgresql":
        return False  # SQLite: one writer at a time, the flush waits its turn
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
        )
        return cursor.fetchone()[0] > 0


def service_env(*, redis_url: str | None = None, **extra: str) -> dict:
    """The environment of a server process (daphne, a Celery worker or beat) for the test database
    and Redis (the suite's own, unless `redis_url`), with `extra` settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        # Close connections after each use, so the test database can be dropped afterwards.
        "CONN_MAX_AGE": "0",
        **extra,
    }


@contextmanager
def daphne_servers(count: int = 1, *, env: dict | None = None):
    """Start `count` daphne processes sharing the test database and Redis; yield their ports."""
    env = env or service_env()
    processes, ports, logs = [], [], []
    try:
        for _ in range(count):
            port = free_port()
            # A file, not a pipe: nobody reads a pipe while the server runs, and a full one blocks it.
            log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in the finally below)
            logs.append(log)
            process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            processes.append(process)
            _wait_for_port(port, process, log)
            ports.append(port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
