"""Redis dies under the running site, twice, and nothing is lost (issue 14, item 8's proof).

The test runs a Redis server of its own, and on it and the test database a daphne (HTTP and
sockets), a Celery worker and Celery beat, as production does. A signed-in socket watches a live
stream. Redis is killed: /healthz says 503; a chat message and an instant payout are posted through
the API and both succeed; the HTML login works. Redis comes back: /healthz says 200, the message
reaches the open socket (the hub resyncs it), and the payout is paid exactly once (its task never
reached the broker: beat's overdue sweep queues it again). Redis is killed again and comes back
first as a read-only replica, as in a failover, then as itself: the worker, which stock Celery
settings let die on that, is still alive and pays the next payout.
"""

import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from rest_framework.authtoken.models import Token
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from apps.accounts.services import verification_tier_grant
from apps.wallet import services as wallet
from apps.wallet.audit import audit
from apps.wallet.models import Payout, SandboxBankTransfer, Transfer, TransferKind
from tests.factories import UserFactory
from tests.realtime.servers import daphne_servers, free_port, service_env, wait_for_sockets_to_close
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis_server, pytest.mark.django_db(transaction=True)]

# Upper bound of any one wait; the whole test normally takes about half a minute.
DEADLINE = 30
POLL = 0.05
PASSWORD = "outage-proof-1"
SAID = "said while Redis was down"


def _wait_for(condition, what: str, logs=lambda: ""):
    """Poll until condition() is truthy; fail with the processes' logs after DEADLINE seconds."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(POLL)
    pytest.fail(f"Timed out after {DEADLINE} s waiting for {what}.\n{logs()}")


class RedisServer:
    """A redis-server of the test's own, on a free port, that the test kills and starts again."""

    def __init__(self, log_dir: Path):
        self.port, self.log = free_port(), log_dir / "redis.log"
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self, *options: str) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--logfile", str(self.log), *options],
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_timeout=1)
        _wait_for(lambda: self._answers(client), "redis-server to answer")
        client.close()

    def _answers(self, client) -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


class Celery:
    """`celery worker` and `celery beat` processes, each with its own log file."""

    def __init__(self, log_dir: Path, env: dict):
        self.log_dir, self.env = log_dir, env
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *arguments: str) -> subprocess.Popen:
        with (self.log_dir / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", name, "--loglevel=info", *arguments],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self.processes[name]

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} (exit code {process.poll()}) ---\n{self.log(name)[-3000:]}"
            for name, process in self.processes.items()
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """HTTP to the test's daphne: keeps its cookies, follows no redirect, returns every status."""

    def __init__(self, port: int, token: str | None = None):
        self.base = f"http://127.0.0.1:{port}"
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def request(self, method: str, path: str, *, form: dict | None = None, body: dict | None = None):
        headers, data = dict(self.headers), None
        if body is not None:
            headers["Content-Type"], data = "application/json", json.dumps(body).encode()
        elif form is not None:
            headers["Content-Type"], data = "application/x-www-form-urlencoded", urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=DEADLINE) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)

    def health(self) -> int:
        return self.request("GET", "/healthz")[0]


class SocketWatcher:
    """A stream socket read on a thread of its own: every frame it gets, batches unpacked."""

    def __init__(self, socket):
        self.socket = socket
        self.frames: list[dict] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            for text in self.socket:
                frame = json.loads(text)
                with self.changed:
                    self.frames.extend(frame["d"] if frame["t"] == "B" else [frame])
                    self.changed.notify_all()
        except ConnectionClosed:
            pass

    def wait_for(self, code: str, where=lambda data: True) -> None:
        with self.changed:
            seen = self.changed.wait_for(
                lambda: any(f["t"] == code and where(f["d"]) for f in self.frames), timeout=DEADLINE
            )
        assert seen, f"no {code} frame as awaited within {DEADLINE} s; got {self.frames}"


@contextlib.contextmanager
def watching(port: int, stream, user):
    """A signed-in socket on the stream's page, read until the block ends."""
    headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": _session_cookie(user)}
    with connect(f"ws://127.0.0.1:{port}/ws/streams/{stream.pk}/", additional_headers=headers) as socket:
        watcher = SocketWatcher(socket)
        yield watcher
    watcher.reader.join(DEADLINE)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def site(redis_server, tmp_path):
    """daphne, a Celery worker and beat on the test's Redis; yields (port, Celery)."""
    env = service_env(
        redis_url=redis_server.url,
        WALLET_EARNINGS_HOLD_DAYS="0",
        WALLET_PAYOUT_MINIMUM_COINS="100",
        WALLET_PAYOUT_PROVIDER="sandbox",
        WALLET_SANDBOX_PAYOUT_OUTCOME="paid",
        OVERDUE_SWEEP_SECONDS="1",
        REDIS_TIMEOUT_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    celery = Celery(tmp_path, env)
    try:
        celery.start("worker", "--concurrency=1", f"--hostname=outage-{os.getpid()}@%h")
        celery.start("beat", f"--schedule={tmp_path / 'beat-schedule'}")
        with daphne_servers(1, env=env) as (port,):
            _wait_for(lambda: " ready." in celery.log("worker"), "the worker to start", celery.logs)
            yield port, celery
            wait_for_sockets_to_close()
    finally:
        celery.stop()


@pytest.fixture
def people(db):
    """A Premium creator with 700 coins of earnings live on a stream, a fan, and a viewer with a password."""
    staff = UserFactory(is_staff=True)
    creator, fan, viewer = UserFactory(), UserFactory(), UserFactory()
    verification_tier_grant(user=creator, tier="PREMIUM_VERIFIED", granted_by=staff, reason="test")
    wallet.wallet_grant(user=fan, amount=1000, reason="test funds", granted_by=staff)
    wallet.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    # The servers run the production password hashers, not the test settings' fast one.
    viewer.password = PBKDF2PasswordHasher().encode(PASSWORD, "outage-salt", iterations=1000)
    viewer.save(update_fields=["password"])
    return creator, fan, viewer, LiveStreamFactory(creator=creator)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _login_answers(port: int, username: str) -> list[int]:
    """The HTML login, as a browser does it: the form, then the post."""
    browser = Browser(port)
    form_status, _ = browser.request("GET", "/accounts/login/")
    fields = {"login": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookie("csrftoken")}
    post_status, _ = browser.request("POST", "/accounts/login/", form=fields)
    return [form_status, post_status]


def _paid_once(payout_id: int) -> bool:
    payout = Payout.objects.get(pk=payout_id)
    if payout.status != "paid":
        return False
    ledger = Transfer.objects.filter(reference=f"payout:{payout_id}").order_by("pk").values_list("kind", flat=True)
    assert list(ledger) == [TransferKind.PAYOUT, TransferKind.PAYOUT_PAID]  # held once, paid once
    assert SandboxBankTransfer.objects.filter(idempotency_key=payout.idempotency_key).count() == 1
    return True


def test_redis_dies_twice_under_the_running_site_and_nothing_is_lost(people, redis_server, site):
    creator, fan, viewer, stream = people
    port, celery = site
    as_fan = Browser(port, Token.objects.create(user=fan).key)
    as_creator = Browser(port, Token.objects.create(user=creator).key)
    with watching(port, stream, viewer) as watcher:
        watcher.wait_for("ES")  # the welcome
        assert as_fan.health() == 200

        # --- The first outage ---------------------------------------------------------------
        redis_server.kill()
        _wait_for(lambda: as_fan.health() == 503, "/healthz to say 503")
        status, body = as_fan.request("POST", f"/api/v1/streams/{stream.pk}/chat", body={"content": SAID})
        assert status == 201, body
        status, body = as_creator.request("POST", "/api/v1/payouts", body={"coins": 400})
        assert status == 201, body
        payout_id = json.loads(body)["id"]
        assert _login_answers(port, viewer.username) == [200, 302]
        assert Payout.objects.get(pk=payout_id).status == "pending"  # its task never reached the broker

        redis_server.start()
        _wait_for(lambda: as_fan.health() == 200, "/healthz to say 200")
        watcher.wait_for("CM", where=lambda message: message["c"] == SAID)
        _wait_for(lambda: _paid_once(payout_id), "beat's sweep to queue the payout, the worker to pay", celery.logs)

        # --- The second outage: Redis comes back read-only first, as a replica in a failover -------
        redis_server.kill()
        redis_server.start("--replicaof", "127.0.0.1", str(free_port()))
        _wait_for(
            lambda: "read only replica" in celery.log("worker") or celery.processes["worker"].poll() is not None,
            "the worker to meet the read-only Redis",
            celery.logs,
        )
        redis_server.kill()
        redis_server.start()
        _wait_for(lambda: as_fan.health() == 200, "/healthz to say 200 again")
        status, body = as_creator.request("POST", "/api/v1/payouts", body={"coins": 300})
        assert status == 201, body
        _wait_for(lambda: _paid_once(json.loads(body)["id"]), "the worker to pay the next payout", celery.logs)
        assert celery.processes["worker"].poll() is None, celery.logs()
        assert celery.processes["beat"].poll() is None, celery.logs()
    assert audit() == []
