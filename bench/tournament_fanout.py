"""BU fan-out: a 64-player double-elimination bracket watched by 1,000 spectators and its 64 players.

Starts its own Redis (`--redis-port`, unless one answers there already) and a `sockets` daphne
(`DEBUG=false`, the pub/sub layer) on PostgreSQL `ballskill_tfanout`, writes a live tournament through
the matches service (`bracket_create`), opens `--spectators` anonymous sockets and one signed-in socket
per player on `/ws/tournaments/<id>/` from `--clients` processes (bench/_tournament_client.py), then
plays `--seconds` results, one a second, through the real service path: the two players of a ready
match report the same score half a second apart (`match_report`: the first makes the match live, the
second decides it and moves its players on), each a transaction whose `BU` goes out after the commit
(FULL to the players, SUMMARY to the spectators). This process is a web process: the service runs
here, on the same PostgreSQL and Redis as daphne.

Latency is send-to-receive: this process stamps `time.time_ns()` just before each service call and
reads the version the call committed; each socket stamps every BU it receives with the same clock, by
its `v`. Stages from the frame's own `ts` (stamped when it was encoded, after the commit and the
bracket read): send -> encoded, encoded -> received. Bytes are each BU frame's own length (inside a
batch counted alone), per socket per update. Holds = p99 < 250 ms, nothing lost, no failed socket.
Results: a table on stdout and bench/results/tournament_fanout.json.

    .venv/bin/python bench/tournament_fanout.py                 # 1,000 spectators, 30 s
    .venv/bin/python bench/tournament_fanout.py --spectators 2000 --seconds 20
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import fanout  # noqa: E402  (the fan-out bench's process, CPU and statistics helpers)

CLIENT = ROOT / "bench" / "_tournament_client.py"
RESULT = fanout.RESULTS / "tournament_fanout.json"
DEFAULT_DATABASE_URL = "postgres://ballskill:ballskill-ci-only@127.0.0.1:5432/ballskill_tfanout"
P99_TARGET_MS = 250.0
PLAYERS = 64


# --- Redis of our own ----------------------------------------------------------------------
def redis_up(port: int) -> bool:
    import redis

    with contextlib.suppress(redis.ConnectionError):
        return redis.Redis(port=port, socket_connect_timeout=1).ping()
    return False


def start_redis(port: int) -> subprocess.Popen | None:
    """A throw-away redis-server on `port` (None: one answers there already, and is used)."""
    if redis_up(port):
        return None
    proc = fanout.spawn(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not redis_up(port):
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(f"redis-server did not start on port {port}")
        time.sleep(0.1)
    return proc


# --- Django side ---------------------------------------------------------------------------
def setup_django(database_url: str, redis_url: str) -> None:
    """This process sends the frames, as a web process does: the same layer and Redis as daphne."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CHANNEL_LAYER="pubsub",
        DEBUG="false",
    )
    import django

    django.setup()
    import logging

    for name in ("celery", "kombu"):
        logging.getLogger(name).setLevel(logging.ERROR)


def make_tournament(tag: str):
    """A live 64-player double elimination (grand final with reset), bracket written by the service,
    and each player's session cookie."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.tournaments.models import Entry, Format, GameType, GrandFinal, Tournament, TournamentStatus
    from apps.tournaments.services.matches import bracket_create

    organizer = User.objects.create_user(username=f"tf_{tag}_org", email=f"tf_{tag}_org@bench.invalid")
    players = [
        User.objects.create_user(username=f"tf_{tag}_{n}", email=f"tf_{tag}_{n}@bench.invalid") for n in range(PLAYERS)
    ]
    tournament = Tournament.objects.create(
        name=f"Fan-out bench {tag}",
        organizer=organizer,
        game_type=GameType.objects.get(code="1V1"),
        format=Format.DOUBLE_ELIMINATION,
        grand_final=GrandFinal.RESET,
        capacity=PLAYERS,
        start_at=timezone.now(),
        platform_cut_percent=settings.TOURNAMENT_PLATFORM_CUT_PERCENT,
        status=TournamentStatus.LIVE,
        started_at=timezone.now(),
    )
    Entry.objects.bulk_create(
        Entry(tournament=tournament, player=p, paid_by=p, seed=seed) for seed, p in enumerate(players, 1)
    )
    bracket_create(tournament=tournament, players=players)
    cookies = []
    for player in players:
        client = Client()
        client.force_login(player)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return tournament, cookies


def next_ready_match(tournament):
    from apps.tournaments.models import MatchStatus

    ready = tournament.matches.filter(status=MatchStatus.READY).select_related("player1", "player2")
    return ready.order_by("pk").first()


def report(match, reporter, games) -> tuple[int, int]:
    """One player's report through the service: (send time_ns, the version it committed)."""
    from apps.tournaments.services.matches import match_report

    sent = time.time_ns()
    match = match_report(match=match, reporter=reporter, games=games)
    return sent, match.tournament.version


# --- client processes ----------------------------------------------------------------------
class ClientProc:
    def __init__(self, port: int, path: str, heartbeat: float):
        origin = ("--origin", f"http://127.0.0.1:{port}")
        self.proc = fanout.spawn(
            [sys.executable, str(CLIENT), "--port", str(port), "--path", path, "--heartbeat", str(heartbeat), *origin],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"client process {self.proc.pid} died (exit {self.proc.poll()})")
        return answer.strip()

    def quit(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.write("QUIT\n")
            self.proc.stdin.flush()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        fanout.stop(self.proc, grace=1.0)


def connect_all(clients: list[ClientProc], spectators: int, cookies: list[str], batch: int) -> dict:
    """Spectators `batch` at a time over the clients, then each player with their cookie."""
    ok = failed = 0
    welcome = {}
    left = spectators
    while left:
        for client in clients:
            n = min(left, max(1, batch // len(clients)))
            if not n:
                break
            answer = client.ask(f"CONNECT spectator {n}").split()
            ok, failed = ok + int(answer[1]), failed + int(answer[2])
            welcome["spectator"] = int(answer[3]) or welcome.get("spectator", 0)
            left -= n
    for i, cookie in enumerate(cookies):
        answer = clients[i % len(clients)].ask(f"CONNECT player 1 {cookie}").split()
        ok, failed = ok + int(answer[1]), failed + int(answer[2])
        welcome["player"] = int(answer[3]) or welcome.get("player", 0)
    return {"connected": ok, "failed": failed, "welcome_bytes": welcome}


def wait_delivered(clients: list[ClientProc], expected: int, limit: float) -> int:
    deadline = time.monotonic() + limit
    while True:
        got = sum(int(c.ask("COUNT").split()[0]) for c in clients)
        if got >= expected or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


# --- statistics ----------------------------------------------------------------------------
def summarize(records: list, sends: dict[int, int]) -> dict:
    """Latency from the service call's send stamp, the stages, and bytes, of one kind of socket.
    `records`: (socket, v, receive time_ns, ts, frame bytes), `socket` unique across the clients."""
    latencies, encoded, wire, sizes = [], [], [], []
    seen = set()
    duplicates = 0
    for socket, v, received, ts, size in records:
        if v not in sends:
            continue  # not one of the timed updates
        if (socket, v) in seen:
            duplicates += 1
            continue
        seen.add((socket, v))
        latencies.append((received - sends[v]) // 1000)
        encoded.append(ts - sends[v] // 1_000_000)
        wire.append(received // 1_000_000 - ts)
        sizes.append(size)
    latencies.sort()
    encoded.sort()
    wire.sort()

    def q(values, p):
        return fanout.percentile(values, p)

    return {
        "delivered": len(latencies),
        "duplicates": duplicates,
        "p50_ms": fanout.ms(q(latencies, 0.5)),
        "p95_ms": fanout.ms(q(latencies, 0.95)),
        "p99_ms": fanout.ms(q(latencies, 0.99)),
        "max_ms": fanout.ms(latencies[-1]) if latencies else None,
        "send_to_encoded_ms": {"p50": q(encoded, 0.5), "p99": q(encoded, 0.99)},
        "encoded_to_received_ms": {"p50": q(wire, 0.5), "p99": q(wire, 0.99)},
        "bytes_per_update": round(sum(sizes) / len(sizes)) if sizes else None,
        "bytes_max": max(sizes) if sizes else None,
    }


def collect(clients: list[ClientProc]) -> dict[str, list]:
    """Every client's records, each socket named (client, its number there)."""
    merged: dict[str, list] = {"spectator": [], "player": []}
    for n, client in enumerate(clients):
        with tempfile.NamedTemporaryFile(suffix=".json", prefix="tfanout-") as out:
            client.ask(f"REPORT {out.name}")
            data = json.loads(Path(out.name).read_text())
        for kind, records in data.items():
            merged[kind] += [((n, socket), v, received, ts, size) for socket, v, received, ts, size in records]
    return merged


# --- one run -------------------------------------------------------------------------------
def run(args) -> dict:
    tag = uuid.uuid4().hex[:6]
    fanout.flush_redis(args.redis_url)
    tournament, cookies = make_tournament(tag)
    port = fanout.free_port()
    path = f"/ws/tournaments/{tournament.pk}/"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        CHANNEL_LAYER="pubsub",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    if args.batch_window is not None:
        env["REALTIME_BATCH_WINDOW"] = str(args.batch_window)
    result: dict = {
        "tournament": tournament.pk,
        "format": "DOUBLE_ELIMINATION, 64 players, grand final with reset",
        "spectators": args.spectators,
        "players": PLAYERS,
        "seconds": args.seconds,
        "updates_per_second": 2,
        "path": "match_report x2 (live, then decided), 0.5 s apart",
        "batch_window": args.batch_window,
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="tfanout-daphne-", suffix=".log", delete=False)  # noqa: SIM115
    daphne = fanout.spawn(
        [str(fanout.VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    clients: list[ClientProc] = []
    try:
        fanout.wait_for_port(port, daphne)
        fanout.warm_up(port)
        clients = [ClientProc(port, path, args.heartbeat) for _ in range(args.clients)]
        began = time.monotonic()
        result.update(connect_all(clients, args.spectators, cookies, args.connect_batch))
        result["connect_seconds"] = round(time.monotonic() - began, 1)
        for client in clients:
            client.ask("HB")
        result["quiet_before_pct"] = fanout.wait_quiet(args.quiet_wait)

        window = fanout.CpuWindow([daphne.pid], [c.proc.pid for c in clients], args.database_url.rsplit("/", 1)[1])
        before = window.snapshot()
        sends: dict[int, int] = {}
        service_ms: list[float] = []
        service_cpu_ms: list[float] = []  # this process's CPU in the call: the service, the bracket read, encoding
        start = time.monotonic()
        for k in range(args.seconds):
            match = next_ready_match(tournament)
            if match is None:
                break
            for half, (reporter, games) in enumerate(((match.player1, [[1, 0]]), (match.player2, [[0, 1]]))):
                delay = start + k + half / 2 - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                began_ns, began_cpu = time.perf_counter_ns(), time.process_time()
                sent, version = report(match, reporter, games)
                service_ms.append((time.perf_counter_ns() - began_ns) / 1e6)
                service_cpu_ms.append((time.process_time() - began_cpu) * 1000)
                sends[version] = sent
        sockets = result["connected"]
        expected = len(sends) * sockets
        delivered = wait_delivered(clients, expected, args.drain)
        after = window.snapshot()
        records = collect(clients)
        result["cpu_pct"] = fanout.CpuWindow.percent(before, after)
        daphne_cpu = sum(after["daphne"]) - sum(before["daphne"])
        result["updates"] = len(sends)
        result["expected"] = expected
        result["received_frames"] = delivered
        service_ms.sort()
        service_cpu_ms.sort()
        result["service_call_ms"] = {
            "p50": round(fanout.percentile(service_ms, 0.5), 1),
            "p99": round(fanout.percentile(service_ms, 0.99), 1),
            "cpu_p50": round(fanout.percentile(service_cpu_ms, 0.5), 1),
        }
        result["daphne_cpu_ms_per_update"] = round(1000 * daphne_cpu / max(len(sends), 1), 1)
        result["open_after"] = sum(int(c.ask("COUNT").split()[1]) for c in clients)
        result["spectator"] = summarize(records["spectator"], sends)
        result["player"] = summarize(records["player"], sends)
        everyone = summarize(records["spectator"] + records["player"], sends)
        result["all"] = everyone
        result["lost"] = expected - everyone["delivered"]
        result["holds"] = bool(
            everyone["p99_ms"] is not None
            and everyone["p99_ms"] < P99_TARGET_MS
            and result["lost"] == 0
            and result["failed"] == 0
        )
        full, summary = result["player"]["bytes_per_update"], result["spectator"]["bytes_per_update"]
        result["summary_over_full"] = round(summary / full, 3) if full and summary else None
    finally:
        for client in clients:
            client.quit()
        fanout.stop(daphne)
        log.close()
        result["daphne_log"] = log.name
    return result


def print_table(r: dict) -> None:
    rows = [("spectators (SUMMARY)", r["spectator"]), ("players (FULL)", r["player"]), ("all sockets", r["all"])]
    updates = f"{r['updates']} updates in {r['seconds']} s ({r['path']})"
    print(f"\n{r['spectators']} spectators + {r['players']} players, {updates}")
    header = f"{'sockets':<22}{'delivered':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'bytes/update':>14}"
    print(header)
    print("-" * len(header))
    for name, s in rows:
        print(
            f"{name:<22}{s['delivered']:>10}{s['p50_ms']!s:>9}{s['p95_ms']!s:>9}{s['p99_ms']!s:>9}{s['max_ms']!s:>9}"
            f"{s['bytes_per_update']!s:>14}"
        )
    cpu = r["cpu_pct"]
    print(
        f"lost {r['lost']}, failed sockets {r['failed']}, open after {r['open_after']}; SUMMARY/FULL "
        f"{r['summary_over_full']}; welcome {r['welcome_bytes']} bytes; service call p50/p99 "
        f"{r['service_call_ms']['p50']}/{r['service_call_ms']['p99']} ms; send->encoded p50/p99 "
        f"{r['all']['send_to_encoded_ms']['p50']}/{r['all']['send_to_encoded_ms']['p99']} ms, encoded->received "
        f"{r['all']['encoded_to_received_ms']['p50']}/{r['all']['encoded_to_received_ms']['p99']} ms"
    )
    print(
        f"CPU ms per update: service call (this process) {r['service_call_ms']['cpu_p50']} (p50), "
        f"daphne {r['daphne_cpu_ms_per_update']}"
    )
    print(
        f"CPU %: daphne {cpu['daphne']}, clients {cpu['clients']}, postgres {cpu['postgres']}, redis {cpu['redis']}, "
        f"machine {cpu['machine']}, others {cpu['others']}"
    )
    print(f"holds (p99 < {P99_TARGET_MS:.0f} ms, nothing lost): {'yes' if r['holds'] else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spectators", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=30, help="results played, one a second")
    parser.add_argument("--clients", type=int, default=2, help="client processes holding the sockets")
    parser.add_argument("--connect-batch", type=int, default=100)
    parser.add_argument("--heartbeat", type=float, default=25.0)
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for the last frames")
    parser.add_argument("--quiet-wait", type=float, default=60.0, help="at most this long for an idle machine")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-port", type=int, default=6417)
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run the bench and its children (daphne, clients, Redis) at this niceness; -10 lets them go "
        "first on a machine other work keeps busy (root only below 0; PostgreSQL's backends keep theirs)",
    )
    parser.add_argument(
        "--batch-window", type=float, help="daphne's REALTIME_BATCH_WINDOW in seconds (default: the setting's)"
    )
    parser.add_argument("--output", type=Path, default=RESULT)
    args = parser.parse_args()
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)  # inherited by every process spawned from here
    args.redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    fanout.raise_nofile()
    redis_proc = start_redis(args.redis_port)
    try:
        fanout.ensure_database(args.database_url)
        setup_django(args.database_url, args.redis_url)
        fanout.migrate()
        result = run(args)
    finally:
        if redis_proc is not None:
            fanout.stop(redis_proc)
        fanout.stop_all()
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "at": time.strftime("%F %T")}
    result["nice"] = args.nice
    print_table(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    print(f"results: {args.output}")


if __name__ == "__main__":
    main()
