"""Chat fan-out on one stream: the real server, N WebSocket viewers, chat at a fixed rate.

    su postgres -c "createdb -O ballskill ballskill_fanout"      # once
    .venv/bin/python bench/fanout.py                              # core + pubsub, search the ceiling
    .venv/bin/python bench/fanout.py --layers core --viewers 2000 --no-search
    .venv/bin/python bench/fanout.py --processes 2 --viewers 1000,3000 --no-search

For each run it creates a creator and a live stream through `apps.streaming.services`
(a fresh stream per run, so history and viewer counts start empty), starts daphne as a
subprocess (`.venv/bin/daphne -b 127.0.0.1 -p PORT config.asgi:application`, one per
`--processes`, no balancer: viewers are dealt round-robin over the ports and the sender uses
the first, so with 2 processes every frame a viewer of the second one gets has crossed
Redis), opens N anonymous viewer sockets on /ws/streams/<id>/ from `--clients` client
processes (bench/_fanout_client.py), `--connect-batch` at a time, each waiting for its
welcome B frame, then logs in as the creator (a session cookie; the creator is exempt from
the chat burst limit) and sends CM frames at `--rate` msg/s for `--seconds` s. Each message's
content is `fb|<seq>|<time.time_ns() at send>`; a viewer's latency is its receive time minus
that (one machine, one clock). Loss = (messages accepted x viewers) - distinct deliveries.
Viewers send a heartbeat every 25 s like the browser client does.

AutoMod (`--automod-level 4 --blocked-terms 500`): before the send phase the channel's AutoMod
level is set and that many made-up blocked terms added through apps.restrictions.services.filter.
The creator and moderators skip AutoMod, so the chat then comes from `--chatters` signed-in viewers
(default: two per msg/s, each under the per-user burst limit), round-robin, one socket each, and
every message carries a chat line after its stamp for the filter to read (lines that pass: none is
held). `check_message` is also timed in this process on the same channel (the result's `automod`,
with the rule it gives a known term, which shows the filter is on).

Gift storm (`--gifts 50`): instead of chat (or besides it, with `--rate`), `--gifters` users, each
granted coins (apps.wallet.services.wallet_grant) and given an API token, POST the cheapest gift
on sale to /api/v1/streams/<id>/gifts from this process, each on its own keep-alive connection,
`--gifts` per second in all. Each gift's message is `gf|<seq>|<time.time_ns() at the POST>`;
viewers time the GF frame carrying it. Reported: GF latency p50/p99/max, loss (gifts accepted x
viewers - delivered), HTTP errors, POST latency, the achieved send rate, the stages (POST -> GF
queued inside the transaction -> batch flushed -> received), and `--gift-probe` gift_send calls
timed in this process first (the transaction alone, no HTTP, no fan-out). Each API daphne serves
`--warm-up-gifts` gifts before the storm is timed. Holds = GF p99 < 300 ms, no loss, no HTTP
error. Results default to bench/results/fanout_gifts.json.

A level "holds" when p99 < 250 ms with no loss and no failed connection. Unless
`--no-search`, after the `--viewers` levels it steps up by `--step` until a level fails
(or `--max-viewers`), then bisects once between the last held and the first failed level.

`--layers core,pubsub` picks the channels-redis layer of each run's daphne through the site's
own CHANNEL_LAYER setting (pubsub is the default since these runs).

Everything talks to 127.0.0.1 only: PostgreSQL (`--database-url`, database ballskill_fanout)
and Redis (`--redis-url`, db 13, flushed before each run). Results: a table on stdout and
bench/results/fanout.json. `--profile` records daphne with py-spy during each send phase
(collapsed stacks in bench/results/fanout_profile_*.txt; `pip install py-spy` first).

The machine is shared: each level first waits (`--quiet-wait`) for the CPU to go idle, the
"others %" column is CPU that none of the bench's processes used during the run, and a run
where it passes `--noisy` is marked `*` and run again once (`--retry-noisy`). "us/frame" is
daphne's CPU per WebSocket frame written to a viewer, which contention inflates much less
than it inflates latency. Each result also splits latency into stages from the server's own
ms stamps (send -> encoded after commit, -> batch flushed, -> received).

`--batch-window 0.1` sets daphne's REALTIME_BATCH_WINDOW (how long urgent frames may wait to
go out together), to measure what a longer window buys before changing it.

`--baseline stock` anchors each run to stock Channels: for each layer it first runs the same
levels (and search) against chat written as the Channels tutorial writes it
(bench/_stock_chat.py: each message `group_send`-ed, JSON-encoded again by every viewer's
consumer), on the same layer, rate, clients and machine, then ours. Our rows gain `p99 xstock`
(our p99 over the stock one's at the same N), the summary our highest N held over stock's, and
the JSON `versus_stock`. Chat only (not with --gifts).
"""

from __future__ import annotations

import argparse
import array
import asyncio
import contextlib
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
CLIENT = ROOT / "bench" / "_fanout_client.py"
DEFAULT_DATABASE_URL = "postgres://ballskill:ballskill-ci-only@127.0.0.1:5432/ballskill_fanout"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
P99_TARGET_MS = 250.0
GIFT_P99_TARGET_MS = 300.0  # gift POST -> GF frame at the viewer (--gifts)
LAYERS = ("core", "pubsub")

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import _fanout_client as wsclient  # noqa: E402

CHILDREN: list[subprocess.Popen] = []


# --- processes ------------------------------------------------------------------------------
def raise_nofile() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def spawn(cmd: list[str], **kwargs) -> subprocess.Popen:
    # Its own session: a Ctrl+C on the terminal reaches only us, and we end the children in order.
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, **kwargs)
    CHILDREN.append(proc)
    return proc


def stop(proc: subprocess.Popen, *, grace: float = 3.0) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc in CHILDREN:
        CHILDREN.remove(proc)


def stop_all() -> None:
    for proc in list(CHILDREN):
        stop(proc, grace=2.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warm_up(port: int) -> None:
    """One API request, so that a run does not time daphne importing the URLconf and its views."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/gifts", timeout=30) as answer:
        answer.read()


def warm_up_gifts(port: int, stream_id, gift_id: int, tokens: list[str], count: int) -> None:
    """A fresh daphne's first gift took 200-900 ms (its first Celery publish and channel-layer
    connection, modules imported on first use, statements not yet prepared): a storm times a
    process that has served `count` gifts already, as a deployed one has. They are not counted:
    their message is no bench mark."""
    body = json.dumps({"gift_id": gift_id, "quantity": 1, "message": "warm-up"}).encode()
    for i in range(count):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/streams/{stream_id}/gifts",
            data=body,
            headers={"Authorization": f"Token {tokens[i % len(tokens)]}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"daphne on port {port} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"daphne did not listen on port {port} within {timeout} s")


# --- CPU accounting (/proc) ------------------------------------------------------------------
TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_by_name(name: str, cmdline_contains: str | None = None) -> dict[int, float]:
    """CPU seconds of each process called `name` (whose command line holds `cmdline_contains`)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() != name:
                    continue
                if cmdline_contains and cmdline_contains not in (entry / "cmdline").read_text(errors="replace"):
                    continue
            except OSError:
                continue
            found[int(entry.name)] = proc_cpu(int(entry.name))
    return found


def _grown(a: dict[int, float], b: dict[int, float]) -> float:
    """CPU the processes of `b` used since `a` (a process that appeared counts from zero)."""
    return sum(max(0.0, cpu - a.get(pid, 0.0)) for pid, cpu in b.items())


def machine_cpu() -> tuple[float, float]:
    """(busy, total) seconds over all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / TICK, total / TICK


def wait_quiet(limit: float, threshold: float = 25.0) -> float:
    """Wait (at most `limit` s) until the machine is under `threshold`% busy for a second; the busy %."""
    deadline = time.monotonic() + limit
    while True:
        a = machine_cpu()
        time.sleep(1.0)
        b = machine_cpu()
        busy = 100 * (b[0] - a[0]) / max(b[1] - a[1], 1e-9)
        if busy < threshold or time.monotonic() > deadline:
            return round(busy, 1)


class CpuWindow:
    def __init__(self, daphnes: list[int], clients: list[int], database: str):
        self.daphnes, self.clients, self.database = daphnes, clients, database

    def snapshot(self) -> dict:
        return {
            "wall": time.monotonic(),
            "daphne": [proc_cpu(pid) for pid in self.daphnes],
            "clients": sum(proc_cpu(pid) for pid in self.clients),
            # Only the backends serving the bench's database (other work may share the server).
            "postgres": cpu_by_name("postgres", self.database),
            "redis": cpu_by_name("redis-server"),
            "bench": proc_cpu(os.getpid()),
            "machine": machine_cpu(),
        }

    @staticmethod
    def percent(a: dict, b: dict) -> dict:
        wall = b["wall"] - a["wall"]
        busy = b["machine"][0] - a["machine"][0]
        total = b["machine"][1] - a["machine"][1]
        postgres = _grown(a["postgres"], b["postgres"])
        redis = _grown(a["redis"], b["redis"])
        ours = sum(b["daphne"]) - sum(a["daphne"]) + postgres + redis + sum(b[k] - a[k] for k in ("clients", "bench"))
        return {
            "daphne": [round(100 * (y - x) / wall, 1) for x, y in zip(a["daphne"], b["daphne"], strict=True)],
            "clients": round(100 * (b["clients"] - a["clients"]) / wall, 1),
            "postgres": round(100 * postgres / wall, 1),
            "redis": round(100 * redis / wall, 1),
            # Of all cores: 100% = the whole machine busy.
            "machine": round(100 * busy / total, 1) if total else 0.0,
            # Busy CPU (100 = one core) that none of the bench's processes account for: other
            # work on the machine, which skews the figures when it is large.
            "others": round(max(0.0, 100 * (busy - ours) / wall), 1),
        }


# --- Django side: database, creator, stream, session ---------------------------------------
def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    # The bench process itself needs no Redis: eager Celery, in-memory layer for its own commits.
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    import logging

    for name in ("celery", "kombu"):
        logging.getLogger(name).setLevel(logging.ERROR)


def ensure_database(database_url: str) -> None:
    import psycopg

    try:
        psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        name = database_url.rsplit("/", 1)[1].split("?")[0]
        print(f"creating database {name} ...", flush=True)
        subprocess.run(["su", "postgres", "-c", f"createdb -O ballskill {name}"], check=True)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_stream(tag: str):
    """A new creator and a live stream made through the services, plus the creator's session cookie."""
    from django.conf import settings
    from django.test import Client

    from apps.accounts.models import User
    from apps.streaming import services

    creator = User.objects.create_user(username=f"fanout_{tag}", email=f"fanout_{tag}@bench.invalid")
    stream = services.stream_create(creator=creator, go_live=True, title=f"Fan-out bench {tag}", category="PRACTICE")
    client = Client()
    client.force_login(creator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return creator, stream, cookie


def automod_setup(creator, tag: str, args) -> tuple[dict, list[str]]:
    """The channel's AutoMod level and blocked terms, set through the services as a moderator
    would, and --chatters signed-in viewers' session cookies (the creator skips AutoMod)."""
    import random

    from automod import LINES, made_up_terms
    from django.conf import settings
    from django.test import Client

    from apps.accounts.models import User
    from apps.restrictions.automod import check_message
    from apps.restrictions.services.filter import automod_update, term_add

    automod_update(actor=creator, channel=creator, level=args.automod_level)
    terms = made_up_terms(args.blocked_terms, random.Random(18))
    for text in terms:
        term_add(actor=creator, channel=creator, text=text)
    cookies = []
    for index in range(args.chatters):
        chatter = User.objects.create_user(
            username=f"fanout_{tag}_c{index}", email=f"fanout_{tag}_c{index}@bench.invalid"
        )
        client = Client()
        client.force_login(chatter)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    known = terms[0] if terms else "kys"
    probe = check_message(creator.pk, known)
    spent = []
    for line in LINES * 40:
        began = time.perf_counter_ns()
        check_message(creator.pk, line)
        spent.append((time.perf_counter_ns() - began) / 1000)
    spent.sort()
    return {
        "level": args.automod_level,
        "blocked_terms": len(terms),
        "chatters": args.chatters,
        "probe_rule": probe.rule if probe else None,
        # In this process: its cache is local memory, so this is the filter and the stamp read
        # without Redis's round trip.
        "check_message_us": {
            "p50": round(percentile(spent, 0.5), 1),
            "p99": round(percentile(spent, 0.99), 1),
            "mean": round(sum(spent) / len(spent), 1),
        },
    }, cookies


def end_stream(stream) -> None:
    from apps.streaming import services

    with contextlib.suppress(Exception):
        services.stream_end(stream=stream)


def flush_redis(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()


# --- client processes ----------------------------------------------------------------------
class ClientProc:
    def __init__(
        self,
        index: int,
        ports: list[int],
        path: str,
        origin: str,
        max_seq: int,
        heartbeat: float,
        max_gifts: int = 0,
        stock: bool = False,
    ):
        self.proc = spawn(
            [
                sys.executable,
                str(CLIENT),
                "--ports",
                ",".join(map(str, ports)),
                "--path",
                path,
                "--origin",
                origin,
                "--index",
                str(index),
                "--max-seq",
                str(max_seq),
                "--heartbeat",
                str(heartbeat),
                "--max-gifts",
                str(max_gifts),
            ]
            + (["--stock"] if stock else []),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"client process {self.proc.pid} died (exit {self.proc.poll()})")
        return line.strip()

    def quit(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.send("QUIT")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        stop(self.proc, grace=1.0)


def ask_all(clients: list[ClientProc], lines: list[str]) -> list[str]:
    for client, line in zip(clients, lines, strict=True):
        client.send(line)
    return [client.read() for client in clients]


# --- the sender ----------------------------------------------------------------------------
class Sender:
    """The creator's socket (or, with --chatters, the chatters' sockets, round-robin): sends numbered
    CM frames, counts ER answers and its own echoes. Against the stock baseline: an anonymous socket
    sending `{"message": ...}` as the tutorial's page does."""

    ERROR = re.compile(rb'"t":"ER"')

    def __init__(self, stock: bool = False):
        self.stock = stock
        self.echo_mark = wsclient.STOCK_MARK if stock else wsclient.MARK
        self.errors: list[str] = []
        self.echoes: set[int] = set()
        self.echo_latencies_us: list[int] = []
        self.sent = 0
        self.sockets: list[wsclient.Viewer] = []
        # With AutoMod on: chat lines each message carries after its stamp, in turn.
        self.lines: list[str] = []

    def on_text(self, payload: bytes, now: int) -> None:
        for seq, sent in self.echo_mark.findall(payload):
            if int(seq) not in self.echoes:
                self.echoes.add(int(seq))
                self.echo_latencies_us.append((now - int(sent)) // 1000)
        if self.ERROR.search(payload):
            for part in re.findall(rb'\{"t":"ER"[^}]*\}\}', payload) or [payload]:
                self.errors.append(part.decode(errors="replace")[:200])

    async def connect(self, port: int, path: str, origin: str, cookies: list[str | None]) -> None:
        loop = asyncio.get_running_loop()
        for cookie in cookies:
            request = wsclient.handshake("127.0.0.1", port, path, origin, cookie)
            self.sockets.append(
                await wsclient.open_socket(
                    loop, "127.0.0.1", port, request, None, on_text=self.on_text, stock=self.stock
                )
            )

    async def send_at_rate(self, rate: float, count: int) -> float:
        start = time.monotonic()
        for seq in range(count):
            delay = start + seq / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            content = f"fb|{seq}|{time.time_ns()}"
            if self.lines:
                content += " " + self.lines[seq % len(self.lines)]
            if self.stock:
                frame = json.dumps({"message": content})
            else:
                frame = json.dumps({"t": "CM", "d": {"content": content}}, separators=(",", ":"))
            self.sockets[seq % len(self.sockets)].send_text(frame.encode())
            self.sent += 1
        return time.monotonic() - start


class GiftStorm:
    """Gift senders over HTTP: `senders` users, each on its own keep-alive connection, POST
    /api/v1/streams/<id>/gifts with `Authorization: Token <key>` so that together they offer
    `rate` gifts/s. Gift `seq` belongs to sender `seq % senders` and is due at start + seq/rate;
    a sender whose previous POST is still running sends late (the offered rate then drops, which
    `send_seconds` shows). The message is `gf|<seq>|<time.time_ns() just before the write>`."""

    def __init__(self, *, ports: list[int], stream_id, gift_id: int, tokens: list[str], rate: float, count: int):
        self.ports, self.stream_id, self.gift_id, self.tokens = ports, stream_id, gift_id, tokens
        self.rate, self.count = rate, count
        self.accepted: set[int] = set()
        self.post_latencies_us: list[int] = []
        self.statuses: dict[str, int] = {}
        self.error_samples: list[str] = []
        self.late_us: list[int] = []  # how late each POST went out against its schedule
        self.sent = 0

    def _error(self, key: str, sample: str) -> None:
        self.statuses[key] = self.statuses.get(key, 0) + 1
        if len(self.error_samples) < 5:
            self.error_samples.append(sample[:300])

    @staticmethod
    async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(parts)
        else:
            body = await reader.read()
        return status, body, headers.get("connection", "").lower() != "close"

    async def _sender(self, index: int, start: float) -> None:
        port = self.ports[index % len(self.ports)]
        token = self.tokens[index]
        path = f"/api/v1/streams/{self.stream_id}/gifts"
        reader = writer = None
        for seq in range(index, self.count, len(self.tokens)):
            delay = start + seq / self.rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                self.late_us.append(int(-delay * 1e6))
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
                body = json.dumps(
                    {
                        "gift_id": self.gift_id,
                        "quantity": 1,
                        "message": f"gf|{seq}|{time.time_ns()}",
                        "is_anonymous": False,
                    },
                    separators=(",", ":"),
                ).encode()
                request = (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Token {token}\r\n"
                    f"Content-Type: application/json\r\nAccept: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
                ).encode() + body
                began = time.perf_counter_ns()
                writer.write(request)
                self.sent += 1
                status, answer, keep = await asyncio.wait_for(self._read_response(reader), 30)
                self.post_latencies_us.append((time.perf_counter_ns() - began) // 1000)
                if status == 201:
                    self.accepted.add(seq)
                    self.statuses["201"] = self.statuses.get("201", 0) + 1
                else:
                    self._error(str(status), f"{status} {answer.decode(errors='replace')}")
                if not keep:
                    writer.close()
                    reader = writer = None
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                self._error(type(exc).__name__, f"{type(exc).__name__}: {exc}")
                if writer is not None:
                    writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    async def run(self) -> float:
        start = time.monotonic()
        await asyncio.gather(*(self._sender(i, start) for i in range(len(self.tokens))))
        return time.monotonic() - start

    @property
    def http_errors(self) -> int:
        return sum(n for code, n in self.statuses.items() if code != "201")


def make_gifters(tag: str, count: int, gifts: int, granted_by) -> tuple[int, int, list[str]]:
    """`count` users with enough coins for `gifts` of the cheapest gift on sale and an API token each:
    (gift id, its cost, tokens)."""
    from rest_framework.authtoken.models import Token

    from apps.accounts.models import User
    from apps.gifting.models import Gift
    from apps.wallet.services import wallet_grant

    gift = Gift.objects.on_sale().order_by("coin_cost", "pk").first()
    if gift is None:
        raise RuntimeError("no gift on sale (apps/gifting/migrations/0002_catalog.py seeds the catalog)")
    per_user = gift.coin_cost * (gifts // count + 2) * 2
    tokens = []
    for i in range(count):
        user = User.objects.create_user(username=f"gifter_{tag}_{i}", email=f"gifter_{tag}_{i}@bench.invalid")
        wallet_grant(user=user, amount=per_user, reason="fan-out gift bench", granted_by=granted_by)
        tokens.append(Token.objects.create(user=user).key)
    return gift.pk, gift.coin_cost, tokens


def gift_probe(stream, gift_id: int, tag: str, n: int) -> dict:
    """The gift transaction alone: `n` gift_send calls in this process (no HTTP, no daphne; the frames
    go to this process's in-memory layer, which no one reads), timed. Sent before the viewers connect."""
    from apps.accounts.models import User
    from apps.gifting import services
    from apps.wallet.services import wallet_grant

    user = User.objects.create_user(username=f"gifter_{tag}_probe", email=f"gifter_{tag}_probe@bench.invalid")
    wallet_grant(user=user, amount=10**7, reason="fan-out gift bench probe", granted_by=stream.creator)
    times = []
    for _ in range(n):
        began = time.perf_counter_ns()
        services.gift_send(stream=stream, sender=user, gift_id=gift_id, quantity=1, message="probe")
        times.append((time.perf_counter_ns() - began) // 1000)
    times.sort()
    return {
        "calls": n,
        "p50_ms": ms(percentile(times, 0.5)),
        "p99_ms": ms(percentile(times, 0.99)),
        "max_ms": ms(times[-1]),
    }


# --- statistics ----------------------------------------------------------------------------
def percentile(sorted_values, q: float) -> float | None:
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(q * (len(sorted_values) - 1) + 0.5))]


def ms(us) -> float | None:
    return None if us is None else round(us / 1000, 1)


# --- one run -------------------------------------------------------------------------------
def run_once(args, *, layer: str, processes: int, viewers: int, stock: bool = False) -> dict:
    tag = f"{'stock' if stock else ''}{layer}{processes}p{viewers}_{uuid.uuid4().hex[:6]}"
    flush_redis(args.redis_url)
    if stock:  # a room of the tutorial's chat: no stream, no login
        stream = cookie = None
        path, application = f"/ws/stock/{tag}/", "bench._stock_chat:application"
    else:
        creator, stream, cookie = make_stream(tag)
        path, application = f"/ws/streams/{stream.pk}/", "config.asgi:application"
    cookies = [cookie]
    automod = None
    if args.automod_level is not None and not stock:
        automod, chatters = automod_setup(creator, tag, args)
        cookies = chatters or cookies
    ports = [free_port() for _ in range(processes)]
    # --api-processes: daphnes of their own for the gift POSTs (nginx would route /api/ there).
    api_ports = [free_port() for _ in range(args.api_processes)] if args.gifts else []
    origin = f"http://127.0.0.1:{ports[0]}"
    messages = int(args.rate * args.seconds)
    gifts = int(args.gifts * args.seconds) if args.gifts else 0
    gifting = None
    if gifts:
        gift_id, gift_cost, tokens = make_gifters(tag, args.gifters, gifts, creator)
        probe = gift_probe(stream, gift_id, tag, args.gift_probe) if args.gift_probe else None
        gifting = {"gift_id": gift_id, "tokens": tokens, "count": gifts, "ports": api_ports or ports}
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        CHANNEL_LAYER=layer,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    if args.batch_window is not None:
        env["REALTIME_BATCH_WINDOW"] = str(args.batch_window)
    logs = []
    daphnes: list[subprocess.Popen] = []
    worker: subprocess.Popen | None = None
    clients: list[ClientProc] = []
    result: dict = {
        "server": "stock" if stock else "ours",
        "layer": layer,
        "batch_window": args.batch_window,
        "processes": processes,
        "api_processes": len(api_ports),
        "viewers": viewers,
        "rate": args.rate,
        "seconds": args.seconds,
        "stream": str(stream.pk) if stream else None,
    }
    if automod:
        result["automod"] = automod
    if gifting:
        result.update(gifts_rate=args.gifts, gifters=args.gifters, gift_id=gift_id, gift_cost=gift_cost)
        if probe:
            result["gift_transaction_in_process"] = probe
    try:
        for port in ports + api_ports:
            log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in the finally below)
                "w+", prefix=f"fanout-daphne-{port}-", suffix=".log", delete=False
            )
            logs.append(log)
            daphnes.append(
                spawn(
                    [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), application],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, proc in zip(ports + api_ports, daphnes, strict=True):
            wait_for_port(port, proc)
            if not stock:  # the stock application has no HTTP
                warm_up(port)
        if gifting:
            # The leaderboard after a burst of gifts is a task (once a second per stream), so
            # production's worker runs beside daphne here too (its CPU shows under "others").
            worker_log = tempfile.NamedTemporaryFile("w+", prefix="fanout-worker-", suffix=".log", delete=False)  # noqa: SIM115
            logs.append(worker_log)
            worker = spawn(
                [str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
                env=env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
            for port in gifting["ports"]:
                warm_up_gifts(port, stream.pk, gifting["gift_id"], gifting["tokens"], args.warm_up_gifts)

        n_clients = max(1, min(args.clients, viewers))
        # The tutorial's consumer reads every frame as a message: its viewers send no heartbeat.
        heartbeat = 0 if stock else args.heartbeat
        clients = [
            ClientProc(i, ports, path, origin, messages, heartbeat, gifts, stock=stock) for i in range(n_clients)
        ]
        ask_all(clients, ["HB"] * n_clients)

        # Connect gradually: a batch of --connect-batch sockets at a time, split over the clients.
        started = time.monotonic()
        connected = failed = 0
        while connected + failed < viewers:
            batch = min(args.connect_batch, viewers - connected - failed)
            shares = [batch // n_clients + (1 if i < batch % n_clients else 0) for i in range(n_clients)]
            active = [(c, s) for c, s in zip(clients, shares, strict=True) if s]
            for reply in ask_all([c for c, _ in active], [f"CONNECT {s}" for _, s in active]):
                _, ok, bad = reply.split()
                connected += int(ok)
                failed += int(bad)
            if failed > max(10, viewers // 50):
                break
        result["connect_seconds"] = round(time.monotonic() - started, 1)
        result["connected"] = connected
        result["connect_failed"] = failed
        if failed:
            stats = [json.loads(x) for x in ask_all(clients, ["STAT"] * len(clients))]
            result["connect_errors"] = _merge([x["errors"] for x in stats])
        if connected == 0:
            raise RuntimeError(f"no viewer could connect: {result.get('connect_errors')}")

        asyncio.run(
            _traffic(args, result, clients, daphnes, ports, path, origin, cookies, messages, layer, viewers, gifting)
        )
    finally:
        for proc in daphnes + ([worker] if worker else []):
            stop(proc)
        for client in clients:
            client.quit()
        drops = 0
        errors: list[str] = []
        for log in logs:
            log.flush()
            text = Path(log.name).read_text(errors="replace")
            drops += text.count("dropping a websocket client")
            errors += [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line][:5]
            log.close()
            if not args.keep_logs:
                os.unlink(log.name)
            else:
                result.setdefault("daphne_logs", []).append(log.name)
        result["server_dropped_slow"] = drops
        if errors:
            result["server_errors"] = errors
        if stream is not None:
            end_stream(stream)
    return result


async def _traffic(
    args, result, clients, daphnes, ports, path, origin, cookies, messages, layer, viewers, gifting=None
) -> None:
    sender = Sender(stock=result["server"] == "stock")
    if "automod" in result:
        from automod import LINES

        sender.lines = LINES
    await sender.connect(ports[0], path, origin, cookies)
    if sender.lines:
        # The first message a process checks builds the channel's filter (once per change): not timed.
        warm_up_line = {"t": "CM", "d": {"content": "warm-up: AutoMod builds its filter"}}
        sender.sockets[0].send_text(json.dumps(warm_up_line).encode())
    # Let the viewer-count frames of the connect storm settle before measuring.
    await asyncio.sleep(args.settle)

    database = args.database_url.rsplit("/", 1)[1].split("?")[0]
    cpu = CpuWindow([p.pid for p in daphnes], [c.proc.pid for c in clients], database)
    result["loadavg_before"] = os.getloadavg()[0]
    profiler = None
    if args.profile:
        variant = "-".join(
            (["stock"] if sender.stock else [])
            + [layer]
            + ([f"{args.batch_window * 1000:.0f}ms"] if args.batch_window is not None else [])
        )
        out = RESULTS / f"fanout_profile_{variant}_{len(daphnes)}p_{viewers}.txt"
        py_spy = shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy")
        if py_spy:
            profiler = subprocess.Popen(  # noqa: ASYNC220 (starting it is all we do here)
                [
                    py_spy,
                    "record",
                    "--format",
                    "raw",
                    "-o",
                    str(out),
                    "--pid",
                    str(daphnes[-1 if args.api_processes else 0].pid),  # the POSTs' daphne, if they have their own
                    "--duration",
                    str(int(args.seconds)),
                    "--rate",
                    "200",
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            CHILDREN.append(profiler)
            result["profile"] = str(out)
        else:
            print("py-spy not found: .venv/bin/pip install py-spy", file=sys.stderr)
    storm = None
    if gifting:
        storm = GiftStorm(
            ports=gifting["ports"],
            stream_id=result["stream"],
            gift_id=gifting["gift_id"],
            tokens=gifting["tokens"],
            rate=args.gifts,
            count=gifting["count"],
        )
    before = cpu.snapshot()
    jobs = [sender.send_at_rate(args.rate, messages)] if messages else []
    if storm is not None:
        jobs.append(storm.run())
    result["send_seconds"] = round(max(await asyncio.gather(*jobs)), 2)

    # Drain: wait until every viewer has every accepted message and gift, or progress stops.
    gifts_accepted = len(storm.accepted) if storm else 0
    accepted = sender.sent - len(sender.errors)
    deadline = time.monotonic() + args.drain
    last_total, last_change = -1, time.monotonic()
    while True:
        stats = [json.loads(s) for s in await asyncio.to_thread(ask_all, clients, ["STAT"] * len(clients))]
        accepted = sender.sent - len(sender.errors)
        total = sum(s["received"] + s["gift_received"] for s in stats)
        open_now = sum(s["open"] for s in stats)
        now = time.monotonic()
        if total != last_total:
            last_total, last_change = total, now
        if total >= (accepted + gifts_accepted) * open_now or now > deadline or now - last_change > args.stall:
            break
        await asyncio.sleep(0.25)
    result["drain_seconds"] = round(now - (deadline - args.drain), 2)
    # CPU over sending and draining: all the work the messages caused.
    after = cpu.snapshot()
    result["cpu_percent"] = CpuWindow.percent(before, after)
    daphne_cpu_s = sum(after["daphne"]) - sum(before["daphne"])
    if profiler is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            profiler.wait(args.seconds + 10)
        stop(profiler)

    # Collect the latencies.
    lat_files = [tempfile.mktemp(prefix="fanout-lat-", suffix=".bin") for _ in clients]
    summaries = [json.loads(s) for s in await asyncio.to_thread(ask_all, clients, [f"REPORT {f}" for f in lat_files])]
    arrays = read_results(lat_files)
    values = sorted(arrays[""])
    stages = {}
    for suffix, label in ((".commit", "send_to_commit"), (".batch", "commit_to_flush"), (".wire", "flush_to_receive")):
        ordered = sorted(arrays[suffix])
        stages[label] = {"p50_ms": percentile(ordered, 0.5), "p99_ms": percentile(ordered, 0.99)}
    if storm is not None:
        _gift_results(result, storm, arrays, summaries)

    connected = result["connected"]
    delivered = sum(s["received"] - s["duplicates"] for s in summaries)
    expected = accepted * connected
    echo = sorted(sender.echo_latencies_us)
    result.update(
        {
            "messages_sent": sender.sent,
            "messages_refused": len(sender.errors),
            "refusals": sender.errors[:3],
            "expected": expected,
            "delivered": delivered,
            "duplicates": sum(s["duplicates"] for s in summaries),
            "lost": expected - delivered,
            "viewers_closed": sum(s["closed_after_welcome"] for s in summaries),
            "close_codes": _merge([s["close_codes"] for s in summaries]),
            "ws_frames": sum(s["frames"] for s in summaries),
            "ws_batch_frames": sum(s["batch_frames"] for s in summaries),
            "p50_ms": ms(percentile(values, 0.50)),
            "p90_ms": ms(percentile(values, 0.90)),
            "p99_ms": ms(percentile(values, 0.99)),
            "max_ms": ms(values[-1] if values else None),
            # Where the time went, from the server's ms stamps, for messages delivered in B frames.
            "stages": stages,
            "sender_echo": {
                "received": len(sender.echoes),
                "p50_ms": ms(percentile(echo, 0.5)),
                "p99_ms": ms(percentile(echo, 0.99)),
            },
            "client_errors": _merge([s["errors"] for s in summaries]),
        }
    )
    if result["ws_frames"]:
        # daphne's CPU per WebSocket frame written to a viewer: the per-socket cost, which
        # other work on the machine inflates far less than it inflates latency.
        result["daphne_cpu_us_per_frame"] = round(daphne_cpu_s * 1e6 / result["ws_frames"], 1)
        result["daphne_cpu_us_per_delivery"] = round(daphne_cpu_s * 1e6 / max(delivered, 1), 1)
    chat_holds = not messages or (
        result["p99_ms"] is not None
        and result["p99_ms"] < P99_TARGET_MS
        and result["lost"] == 0
        and result["messages_refused"] == 0
    )
    gifts_hold = storm is None or (
        result["gift_p99_ms"] is not None
        and result["gift_p99_ms"] < GIFT_P99_TARGET_MS
        and result["gift_lost"] == 0
        and result["gift_http_errors"] == 0
    )
    result["holds"] = bool(chat_holds and gifts_hold and result["connect_failed"] == 0)


def _gift_results(result: dict, storm: GiftStorm, arrays: dict, summaries: list[dict]) -> None:
    values = sorted(arrays[".gift"])
    posts = sorted(storm.post_latencies_us)
    late = sorted(storm.late_us)
    accepted = len(storm.accepted)
    delivered = sum(s["gift_received"] - s["gift_duplicates"] for s in summaries)
    expected = accepted * result["connected"]
    stages = {}
    for suffix, label in (
        (".gqueued", "post_to_gf_queued"),
        (".gbatch", "queued_to_flush"),
        (".gwire", "flush_to_receive"),
    ):
        ordered = sorted(arrays[suffix])
        stages[label] = {"p50_ms": percentile(ordered, 0.5), "p99_ms": percentile(ordered, 0.99)}
    result.update(
        {
            "gifts_offered": storm.count,
            "gifts_posted": storm.sent,
            "gifts_accepted": accepted,
            "gift_achieved_rate": round(storm.sent / max(result["send_seconds"], 1e-9), 1),
            "gift_http_errors": storm.http_errors,
            "gift_http_statuses": storm.statuses,
            "gift_http_error_samples": storm.error_samples,
            "gift_post_p50_ms": ms(percentile(posts, 0.5)),
            "gift_post_p99_ms": ms(percentile(posts, 0.99)),
            "gift_post_max_ms": ms(posts[-1] if posts else None),
            "gift_posts_late": len(late),
            "gift_posts_late_p99_ms": ms(percentile(late, 0.99)),
            "gift_expected": expected,
            "gift_delivered": delivered,
            "gift_duplicates": sum(s["gift_duplicates"] for s in summaries),
            "gift_lost": expected - delivered,
            "gift_frames_unbatched": sum(s["gift_frames_unbatched"] for s in summaries),
            "gift_p50_ms": ms(percentile(values, 0.50)),
            "gift_p90_ms": ms(percentile(values, 0.90)),
            "gift_p99_ms": ms(percentile(values, 0.99)),
            "gift_max_ms": ms(values[-1] if values else None),
            # Where a gift's time went (ms): the POST until gift_send queued the GF frame (HTTP,
            # auth, the transaction up to its last statement), until the batch holding it was
            # flushed (commit, group_send, the hub's batch window and queue), until received.
            "gift_stages": stages,
        }
    )


def read_results(names: list[str]) -> dict[str, array.array]:
    suffixes = ("", ".commit", ".batch", ".wire", ".gift", ".gqueued", ".gbatch", ".gwire")
    arrays = {suffix: array.array("i") for suffix in suffixes}
    for name in names:
        for suffix, values in arrays.items():
            values.frombytes(Path(name + suffix).read_bytes())
            os.unlink(name + suffix)
    return arrays


def _merge(dicts: list[dict]) -> dict:
    out: dict = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return out


# --- output --------------------------------------------------------------------------------
COLUMNS = [
    ("layer", 16),
    ("procs", 5),
    ("viewers", 7),
    ("msg/s", 5),
    ("delivered", 10),
    ("lost", 7),
    ("p50 ms", 8),
    ("p99 ms", 8),
    ("max ms", 8),
    ("daphne CPU %", 12),
    ("clients %", 9),
    ("us/frame", 8),
    ("others %", 8),
    ("conn s", 6),
    ("holds", 5),
    ("p99 xstock", 10),
]


def row(r: dict) -> list[str]:
    cpu = r.get("cpu_percent", {})
    if r.get("server") == "stock":
        layer = f"stock {r['layer']}"
    else:
        layer = r["layer"] + (f"/{r['batch_window'] * 1000:.0f}ms" if r.get("batch_window") is not None else "")
    return [
        layer,
        str(r["processes"]),
        str(r["viewers"]),
        f"{r['rate']:g}",
        f"{r.get('delivered', 0):,}",
        f"{r.get('lost', 0):,}",
        f"{r.get('p50_ms')}",
        f"{r.get('p99_ms')}",
        f"{r.get('max_ms')}",
        "+".join(f"{c:.0f}" for c in cpu.get("daphne", [])) or "-",
        f"{cpu.get('clients', 0):.0f}",
        f"{r.get('daphne_cpu_us_per_frame', '-')}",
        f"{cpu.get('others', 0):.0f}",
        f"{r.get('connect_seconds', 0)}",
        ("yes" if r.get("holds") else "NO") + ("*" if r.get("noisy") else ""),
        f"{r['p99_vs_stock']:.2f}" if r.get("p99_vs_stock") is not None else "-",
    ]


def ratio(ours, stock) -> float | None:
    return round(ours / stock, 2) if ours is not None and stock else None


def versus_stock(runs: list[dict], layer: str, held: int | None, stock_held: int | None) -> dict:
    """Our highest N held and p99 at each N as ratios to the stock baseline's, on one layer."""
    stock_p99 = {r["viewers"]: r.get("p99_ms") for r in runs if r.get("server") == "stock" and r["layer"] == layer}
    p99_ratios = {}
    for r in runs:
        if r.get("server") == "ours" and r["layer"] == layer and r["viewers"] in stock_p99:
            p99_ratios[str(r["viewers"])] = ratio(r.get("p99_ms"), stock_p99[r["viewers"]])
    return {
        "viewers_held": {"ours": held, "stock": stock_held, "ratio": ratio(held, stock_held)},
        "p99_ratio": p99_ratios,
    }


GIFT_COLUMNS = [
    ("layer", 6),
    ("viewers", 7),
    ("gifts/s", 7),
    ("sent/s", 6),
    ("accepted", 8),
    ("http err", 8),
    ("POST p50", 8),
    ("POST p99", 8),
    ("GF delivered", 12),
    ("GF lost", 8),
    ("GF p50", 7),
    ("GF p99", 7),
    ("GF max", 7),
    ("daphne %", 8),
    ("pg %", 4),
    ("others %", 8),
    ("holds", 5),
]


def gift_row(r: dict) -> list[str]:
    cpu = r.get("cpu_percent", {})
    return [
        r["layer"],
        str(r["viewers"]),
        f"{r.get('gifts_rate', 0):g}",
        f"{r.get('gift_achieved_rate', '-')}",
        f"{r.get('gifts_accepted', 0):,}",
        f"{r.get('gift_http_errors', '-')}",
        f"{r.get('gift_post_p50_ms')}",
        f"{r.get('gift_post_p99_ms')}",
        f"{r.get('gift_delivered', 0):,}",
        f"{r.get('gift_lost', 0):,}",
        f"{r.get('gift_p50_ms')}",
        f"{r.get('gift_p99_ms')}",
        f"{r.get('gift_max_ms')}",
        "+".join(f"{c:.0f}" for c in cpu.get("daphne", [])) or "-",
        f"{cpu.get('postgres', 0):.0f}",
        f"{cpu.get('others', 0):.0f}",
        ("yes" if r.get("holds") else "NO") + ("*" if r.get("noisy") else ""),
    ]


def print_gift_details(runs: list[dict]) -> None:
    """Where each gift run's time went: the stages, the POST, the transaction alone."""
    for r in runs:
        if "gift_stages" not in r:
            continue
        st = r["gift_stages"]
        probe = r.get("gift_transaction_in_process") or {}
        print(
            f"{r['layer']} {r['viewers']}: GF stages p50/p99 ms: POST->queued "
            f"{st['post_to_gf_queued']['p50_ms']}/{st['post_to_gf_queued']['p99_ms']}, queued->flushed "
            f"{st['queued_to_flush']['p50_ms']}/{st['queued_to_flush']['p99_ms']}, flushed->received "
            f"{st['flush_to_receive']['p50_ms']}/{st['flush_to_receive']['p99_ms']}; "
            f"gift_send alone (in-process) p50/p99 {probe.get('p50_ms')}/{probe.get('p99_ms')} ms; "
            f"POSTs sent late {r.get('gift_posts_late', 0)} (p99 {r.get('gift_posts_late_p99_ms')} ms); "
            # CPU-ms a second over gifts a second: the whole cost of a gift in daphne, its fan-out included.
            f"daphne CPU per gift {sum(r['cpu_percent']['daphne']) * 10 / max(r['gift_achieved_rate'], 1e-9):.1f} ms, "
            f"PostgreSQL {r['cpu_percent']['postgres'] * 10 / max(r['gift_achieved_rate'], 1e-9):.1f} ms"
            + (f"; chat p99 {r.get('p99_ms')} ms, lost {r.get('lost')}" if r.get("rate") else ""),
            flush=True,
        )
        if r.get("gift_http_error_samples"):
            print(f"  HTTP errors {r.get('gift_http_statuses')}: {r['gift_http_error_samples'][:2]}", flush=True)


def print_header(gifts: float = 0) -> None:
    columns = GIFT_COLUMNS if gifts else COLUMNS
    print("  ".join(name.rjust(width) for name, width in columns), flush=True)


def print_row(r: dict, gifts: float = 0) -> None:
    columns, cells = (GIFT_COLUMNS, gift_row(r)) if gifts else (COLUMNS, row(r))
    print("  ".join(cell.rjust(width) for cell, (_, width) in zip(cells, columns, strict=True)), flush=True)


# --- search --------------------------------------------------------------------------------
def levels_for(args, run) -> tuple[list[dict], int | None]:
    """Run the fixed levels, then (unless --no-search) step up and bisect once."""
    results = []
    held: int | None = None
    failed_at: int | None = None
    for n in args.viewers:
        r = run(n)
        results.append(r)
        if r.get("holds"):
            held = max(held or 0, n)
        elif failed_at is None or n < failed_at:
            failed_at = n
    if args.search:
        n = max(args.viewers)
        while failed_at is None and n + args.step <= args.max_viewers:
            n += args.step
            r = run(n)
            results.append(r)
            if r.get("holds"):
                held = n
            else:
                failed_at = n
        if held is not None and failed_at is not None and failed_at - held > args.resolution:
            mid = (held + failed_at) // 2 // 100 * 100
            r = run(mid)
            results.append(r)
            if r.get("holds"):
                held = mid
    return results, held


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--layers", "--layer", default="core,pubsub", help="core, pubsub or both (comma-separated)")
    parser.add_argument("--processes", type=int, default=1, help="daphne processes (viewers split over them)")
    parser.add_argument("--viewers", default="100,1000,2000", help="viewer counts to run (comma-separated)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="run only --viewers")
    parser.add_argument("--step", type=int, default=1000, help="search step above the largest --viewers")
    parser.add_argument("--max-viewers", type=int, default=8000)
    parser.add_argument("--resolution", type=int, default=500, help="bisect once if the bracket is wider")
    parser.add_argument("--rate", type=float, help="chat messages per second (20; 0 with --gifts)")
    parser.add_argument(
        "--gifts", type=float, default=0.0, help="gift storm: gifts per second POSTed over HTTP (with --rate: both)"
    )
    parser.add_argument(
        "--api-processes", type=int, default=0, help="gift storm: extra daphnes that take only the POSTs (0: none)"
    )
    parser.add_argument("--gifters", type=int, default=20, help="distinct gift senders (users with tokens)")
    parser.add_argument(
        "--warm-up-gifts",
        type=int,
        default=10,
        help="gifts each API daphne serves before the storm is timed (0: time cold processes)",
    )
    parser.add_argument(
        "--gift-probe", type=int, default=30, help="time this many gift_send calls in-process first (0: none)"
    )
    parser.add_argument(
        "--automod-level", type=int, choices=range(5), help="set the channel's AutoMod level; chat from --chatters"
    )
    parser.add_argument("--blocked-terms", type=int, default=0, help="with --automod-level: blocked terms to add")
    parser.add_argument(
        "--chatters", type=int, help="signed-in viewers who send the chat, round-robin (--automod-level: 2 per msg/s)"
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="how long the sender sends")
    parser.add_argument("--clients", type=int, default=2, help="viewer client processes")
    parser.add_argument("--connect-batch", type=int, default=100, help="sockets opened at a time")
    parser.add_argument("--heartbeat", type=float, default=25.0, help="viewer heartbeat period (0: none)")
    parser.add_argument("--settle", type=float, default=2.0, help="pause between connecting and sending")
    parser.add_argument("--drain", type=float, default=20.0, help="longest wait for late frames after sending")
    parser.add_argument("--stall", type=float, default=3.0, help="stop draining after this long without progress")
    parser.add_argument("--database-url", default=os.environ.get("FANOUT_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("FANOUT_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--quiet-wait", type=float, default=30.0, help="wait up to this long for an idle machine")
    parser.add_argument(
        "--noisy",
        type=float,
        default=40.0,
        help="a run during which other processes used more than this CPU %% is noisy",
    )
    parser.add_argument("--retry-noisy", type=int, default=1, help="times to re-run a noisy level")
    parser.add_argument("--batch-window", type=float, help="daphne's REALTIME_BATCH_WINDOW (seconds), to measure it")
    parser.add_argument(
        "--baseline",
        choices=["stock"],
        help="run each layer's levels against the Channels tutorial's chat first (bench/_stock_chat.py)",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy daphne during each send phase")
    parser.add_argument("--keep-logs", action="store_true", help="keep daphne's logs (paths in the JSON)")
    parser.add_argument("--output", help="JSON path (bench/results/fanout.json, fanout_gifts.json with --gifts)")
    args = parser.parse_args()
    if args.rate is None:
        args.rate = 0.0 if args.gifts else 20.0
    if args.output is None:
        args.output = str(RESULTS / ("fanout_gifts.json" if args.gifts else "fanout.json"))
    if args.chatters is None:
        args.chatters = math.ceil(2 * args.rate) if args.automod_level is not None else 0
    if args.chatters and args.automod_level is None:
        parser.error("--chatters is for --automod-level runs (the creator sends otherwise)")
    if args.gifts and args.gifters < 1:
        parser.error("--gifters must be at least 1")
    if args.gifts and args.baseline:
        parser.error("--baseline is for chat: the stock consumer takes no gifts")
    args.viewers = [int(v) for v in str(args.viewers).split(",") if v]
    layers = [x.strip() for x in args.layers.split(",") if x.strip()]
    for layer in layers:
        if layer not in LAYERS:
            parser.error(f"unknown layer {layer!r} (core or pubsub)")
    for url in (args.database_url, args.redis_url):
        if "127.0.0.1" not in url and "localhost" not in url:
            parser.error(f"{url}: the bench talks to 127.0.0.1 only")

    nofile = raise_nofile()
    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_database(args.database_url)
    setup_django(args.database_url)
    migrate()
    if args.automod_level is not None:
        from apps.streaming.services import CHAT_BURST, CHAT_BURST_WINDOW

        # Each chatter stays clearly under the per-user burst limit, or chat would be refused.
        per_chatter = CHAT_BURST / CHAT_BURST_WINDOW.total_seconds()
        if args.rate / max(args.chatters, 1) >= per_chatter:
            parser.error(f"--chatters: fewer than {per_chatter:g} msg/s each (the per-user burst limit)")

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    report = {
        "bench": "fanout",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "nofile": nofile},
        "target": {"p99_ms": P99_TARGET_MS, "rate": args.rate}
        | ({"gift_p99_ms": GIFT_P99_TARGET_MS, "gifts_per_s": args.gifts} if args.gifts else {}),
        "config": {k: v for k, v in vars(args).items() if k not in ("database_url",)},
        "runs": [],
        "noisy_runs": [],
        "ceiling": {},
    } | ({"stock_ceiling": {}, "versus_stock": {}} if args.baseline else {})
    started = time.monotonic()
    print(
        f"fan-out: {args.rate:g} msg/s"
        + (f" + {args.gifts:g} gifts/s from {args.gifters} senders" if args.gifts else "")
        + f" for {args.seconds:g} s, {args.processes} daphne process(es), {args.clients} client processes; "
        + (f"holds = gift p99 < {GIFT_P99_TARGET_MS:g} ms, " if args.gifts else "")
        + (f"chat p99 < {P99_TARGET_MS:g} ms, " if args.rate else "")
        + "no loss",
        flush=True,
    )
    print_header(args.gifts)
    try:
        for layer in layers:

            def run(n, layer=layer, stock=False):
                for attempt in range(1 + args.retry_noisy):
                    busy_before = wait_quiet(args.quiet_wait)
                    try:
                        r = run_once(args, layer=layer, processes=args.processes, viewers=n, stock=stock)
                    except Exception as exc:  # a failed level is a result, not the end of the bench
                        r = {
                            "server": "stock" if stock else "ours",
                            "layer": layer,
                            "processes": args.processes,
                            "viewers": n,
                            "rate": args.rate,
                            "error": f"{type(exc).__name__}: {exc}",
                            "holds": False,
                        }
                        print(f"  {'stock ' if stock else ''}{layer} {n}: {r['error']}", flush=True)
                    r["machine_busy_before"] = busy_before
                    others = r.get("cpu_percent", {}).get("others", 0)
                    r["noisy"] = others > args.noisy
                    if not r["noisy"] or attempt == args.retry_noisy:
                        break
                    print(
                        f"  ({layer} {n}: other work used {others:.0f}% CPU during the run; running it again)",
                        flush=True,
                    )
                    report["noisy_runs"].append(r)
                if args.baseline and not stock:
                    stock_runs = [x for x in report["runs"] if x.get("server") == "stock" and x["layer"] == layer]
                    same_n = [x for x in stock_runs if x["viewers"] == n]
                    if same_n:
                        r["p99_vs_stock"] = ratio(r.get("p99_ms"), same_n[-1].get("p99_ms"))
                report["runs"].append(r)
                print_row(r, args.gifts)
                _write(args.output, report)
                return r

            if args.baseline:  # first, so that each of our rows can show its ratio
                _, stock_held = levels_for(args, lambda n, layer=layer: run(n, layer, stock=True))
                report["stock_ceiling"][layer] = stock_held
            _, held = levels_for(args, run)
            report["ceiling"][layer] = held
            if args.baseline:
                report["versus_stock"][layer] = versus_stock(report["runs"], layer, held, stock_held)
            _write(args.output, report)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        stop_all()
        report["elapsed_seconds"] = round(time.monotonic() - started, 1)
        _write(args.output, report)
    print()
    for layer, held in report["ceiling"].items():
        load = (f"{args.gifts:g} gifts/s (p99 < {GIFT_P99_TARGET_MS:g} ms)" if args.gifts else "") + (
            f"{' + ' if args.gifts else ''}{args.rate:g} msg/s (p99 < {P99_TARGET_MS:g} ms)" if args.rate else ""
        )
        print(
            f"{layer}: highest N holding at {load} "
            f"({args.processes} process(es)): {held if held is not None else 'none'}"
        )
        if layer in report.get("versus_stock", {}):
            versus = report["versus_stock"][layer]
            stock_held, held_ratio = versus["viewers_held"]["stock"], versus["viewers_held"]["ratio"]
            p99s = ", ".join(f"{n}: {x if x is not None else '-'}" for n, x in versus["p99_ratio"].items())
            print(
                f"  stock Channels (the tutorial's consumer) held {stock_held if stock_held is not None else 'none'};"
                f" ours / stock: viewers held {held_ratio if held_ratio is not None else '-'},"
                f" p99 at each N {p99s or '-'}"
            )
    if args.gifts:
        print_gift_details(report["runs"])
    if any(r.get("noisy") for r in report["runs"]):
        print(f"* other work on the machine used > {args.noisy:g}% CPU during that run: its figures are pessimistic")
    print(f"elapsed {report['elapsed_seconds']} s; JSON: {args.output}")
    return 0


def _write(path: str, report: dict) -> None:
    Path(path).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
