"""A worker killed mid-task must not pay twice: late acknowledgement with redelivery on worker
loss, and an idempotency key per payout sent to the provider.

End to end with real Celery worker processes on the Redis broker and the test's PostgreSQL
database. The task dies right after the (sandbox) bank paid and committed its transfer, before
the payout is recorded as paid. It must run again, the provider must answer the same key with
the same transfer, and the payout must end paid exactly once. Two ways to lose the worker:

- a prefork pool process dies (OOM killer, segfault): the worker itself lives on and, thanks to
  `acks_late` + `reject_on_worker_lost`, puts the task back on the queue at once;
- the whole worker dies (solo pool; machine or container lost): nobody acknowledged the task,
  so the broker hands it out again once the visibility timeout has passed.

With the solo pool Celery sends even an early acknowledgement only after the task returns, so
only the prefork case proves `acks_late`; the solo case proves the visibility timeout.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

import pytest
import redis
from celery import Celery
from django.conf import settings

from apps.accounts.services import verification_tier_grant
from apps.wallet import services
from apps.wallet.accounts import system_account, user_account
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind, Payout, PayoutStatus, SandboxBankTransfer
from tests.factories import UserFactory
from tests.wallet.worker_helpers import DIE_AFTER_BANK_ENV, DIED_AFTER_BANK_EXIT_CODE

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

# A Redis database of its own, so the worker never meets another run's tasks (or ours theirs).
WORKER_REDIS_DB = 14
# Seconds before an unacknowledged task of a dead worker goes back to its queue.
VISIBILITY_TIMEOUT = 3
# Upper bound of every wait; the whole test normally takes ~10 s.
DEADLINE = 60
POLL = 0.1
PAYOUT_MINIMUM_COINS = 100


def _worker_redis_url() -> str:
    return urlunparse(urlparse(settings.REDIS_URL)._replace(path=f"/{WORKER_REDIS_DB}"))


def _test_database_url() -> str:
    """The database pytest-django created for this run, as a DATABASE_URL for the worker."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


def _wait_for(condition, what: str, *, workers=None, timeout: float = DEADLINE):
    """Poll until condition() is truthy; fail with the workers' logs after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(POLL)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{workers.logs() if workers else ''}")


class Workers:
    """Real `celery worker` processes, each with its own log file; all stopped at teardown."""

    def __init__(self, log_dir: Path, queue: str):
        self.log_dir, self.queue = log_dir, queue
        self.procs: list[tuple[subprocess.Popen, Path]] = []

    def start(self, *, pool: str, die_after_bank: Path | None = None) -> subprocess.Popen:
        """Start a worker; with `die_after_bank`, the first process that sees the bank pay dies."""
        n = len(self.procs) + 1
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",  # a real broker, not eager tasks
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": _worker_redis_url(),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "WALLET_EARNINGS_HOLD_DAYS": "0",
            "WALLET_PAYOUT_MINIMUM_COINS": str(PAYOUT_MINIMUM_COINS),
            "WALLET_PAYOUT_PROVIDER": "sandbox",
            "WALLET_SANDBOX_PAYOUT_OUTCOME": "paid",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop(DIE_AFTER_BANK_ENV, None)
        if die_after_bank:
            env[DIE_AFTER_BANK_ENV] = str(die_after_bank)
        log = self.log_dir / f"worker-{n}.log"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.wallet.worker_helpers",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=info",
            f"--queues={self.queue}",
            f"--hostname=worker-loss-{n}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs.append((proc, log))
        return proc

    def log(self, proc: subprocess.Popen) -> str:
        return next(log.read_text() for p, log in self.procs if p is proc)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name} (exit code {proc.poll()}) ---\n{log.read_text()[-4000:]}" for proc, log in self.procs
        )

    def stop_all(self) -> None:
        for proc, _log in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)  # warm shutdown: finish, acknowledge, close
        for proc, _log in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker and its pool processes
                proc.wait(timeout=5)


@pytest.fixture
def broker():
    client = redis.Redis.from_url(_worker_redis_url())
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def workers(tmp_path, broker):
    # Torn down before the database is flushed: no worker keeps a connection to it.
    pool = Workers(tmp_path, queue=f"worker-loss-{uuid.uuid4().hex[:12]}")
    yield pool
    pool.stop_all()


@pytest.fixture
def pending_payout(settings, fund, staff):
    """A Basic creator's payout of 300 of their 700 coins of earnings: pending, nothing queued."""
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_PAYOUT_MINIMUM_COINS = PAYOUT_MINIMUM_COINS
    creator = UserFactory()
    verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    fan = fund(UserFactory(), 1000)
    services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
    payout = services.payout_request(user=creator, coins=300)
    payout.refresh_from_db()
    assert (payout.status, payout.is_instant, payout.attempts) == (PayoutStatus.PENDING, False, 0)
    return payout


def _queue_payout_task(payout_id: int, queue: str) -> None:
    """Publish wallet.payout_process, by name, to the workers' Redis database (not eager)."""
    sender = Celery("worker-loss-sender", broker=_worker_redis_url(), set_as_current=False)
    try:
        sender.send_task("wallet.payout_process", args=[payout_id], queue=queue)
    finally:
        sender.close()


def _unacked(broker, queue: str) -> list[tuple[bytes, float]]:
    """(delivery tag, delivered at) of every task of `queue` a worker took but never acknowledged."""
    entries = []
    for tag, raw in broker.hgetall("unacked").items():
        _message, _exchange, routing_key = json.loads(raw)
        if routing_key == queue:
            entries.append((tag, broker.zscore("unacked_index", tag)))
    return entries


def _assert_paid_exactly_once(payout, broker, queue, workers):
    _wait_for(
        lambda: Payout.objects.filter(pk=payout.pk, status=PayoutStatus.PAID).exists(),
        "the task to run again and pay the payout",
        workers=workers,
    )
    _wait_for(lambda: not _unacked(broker, queue), "the worker to acknowledge the task", workers=workers)
    assert broker.llen(queue) == 0

    payout.refresh_from_db()
    transfers = list(SandboxBankTransfer.objects.filter(recipient=payout.user))
    assert len(transfers) == 1, "the bank must have paid exactly once"
    (transfer,) = transfers
    assert transfer.idempotency_key == payout.idempotency_key
    assert (transfer.amount_minor, transfer.currency) == (payout.amount_minor, payout.currency)
    assert payout.status == PayoutStatus.PAID
    assert payout.attempts == 2, "the task must have run again after the first attempt died"
    assert payout.provider_reference == f"sandbox_bank_{transfer.pk}"
    assert user_account(payout.user, AccountKind.CREATOR_EARNINGS).balance == 400
    assert system_account(AccountKind.PAYOUTS_IN_FLIGHT).balance == 0
    assert audit() == []


def test_a_pool_process_killed_after_the_bank_paid_is_retried_without_paying_twice(
    pending_payout, workers, broker, tmp_path
):
    payout, queue, died = pending_payout, workers.queue, tmp_path / "died"
    _queue_payout_task(payout.pk, queue)
    assert broker.llen(queue) == 1, "the task must be waiting on the worker's Redis broker"

    worker = workers.start(pool="prefork", die_after_bank=died)

    _assert_paid_exactly_once(payout, broker, queue, workers)
    assert died.exists(), "the pool process must have died after the bank paid"
    assert worker.poll() is None, f"the worker itself must survive its pool process\n{workers.logs()}"
    assert f"exited with 'exitcode {DIED_AFTER_BANK_EXIT_CODE}'" in workers.log(worker), workers.logs()


def test_a_worker_killed_after_the_bank_paid_is_redelivered_without_paying_twice(
    pending_payout, workers, broker, tmp_path
):
    payout, queue = pending_payout, workers.queue
    _queue_payout_task(payout.pk, queue)
    assert broker.llen(queue) == 1, "the task must be waiting on the worker's Redis broker"

    # First worker: takes the task, the bank pays, the worker dies before recording it.
    doomed = workers.start(pool="solo", die_after_bank=tmp_path / "died")
    _wait_for(lambda: doomed.poll() is not None, "the first worker to die", workers=workers)
    assert doomed.returncode == DIED_AFTER_BANK_EXIT_CODE, workers.logs()
    payout.refresh_from_db()
    assert (payout.status, payout.attempts) == (PayoutStatus.PROCESSING, 1)
    assert SandboxBankTransfer.objects.filter(idempotency_key=payout.idempotency_key).count() == 1
    # The dead worker never acknowledged the task: the broker still holds it, invisible until
    # its visibility timeout has passed.
    assert broker.llen(queue) == 0
    unacked = _unacked(broker, queue)
    assert len(unacked) == 1, f"the task must stay unacknowledged, found {unacked}"
    ((_tag, delivered_at),) = unacked

    # Once the timeout has passed, a new worker restores the task as it starts and runs it again.
    # (Kombu also sweeps periodically, but only every ~100 s by default: too slow to wait for.)
    _wait_for(
        lambda: time.time() - delivered_at > VISIBILITY_TIMEOUT + 0.5,
        "the visibility timeout to pass",
        timeout=VISIBILITY_TIMEOUT + 5,
    )
    survivor = workers.start(pool="solo")

    _assert_paid_exactly_once(payout, broker, queue, workers)
    assert survivor.poll() is None, workers.logs()
