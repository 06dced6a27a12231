"""Gifts per second into ONE hot creator account, on PostgreSQL, through services.wallet_spend.

    DATABASE_URL=postgres://ballskill:...@127.0.0.1:5432/ballskill_bench \\
        .venv/bin/python bench/wallet.py --senders 16 --seconds 20

For each concurrency level (4, 8 and --senders by default) it empties the wallet tables,
funds one sender wallet per worker process, and lets every worker gift the same creator
as fast as it can for --seconds. Workers are processes (threads would share one GIL), each
with its own database connection. It prints a table, checks the books (audit plus exact
expected balances) and writes bench/results/wallet.json.

Where the time goes, per spend: the workers' own CPU (Python + Django), the PostgreSQL
backends' CPU (from /proc), and what the backends were waiting on (sampled from
pg_stat_activity: `Lock/transactionid` is a wait for another transaction's row lock, i.e.
the hot creator_earnings / platform_revenue rows; `Client/ClientRead` is the backend idle
inside a transaction, waiting for Python to send the next statement). --profile writes a
cProfile of one worker to bench/results/wallet_profile.txt.

Needs a database of its own: it TRUNCATEs the wallet tables.
"""

import argparse
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET = 500  # spends per second, sustained, on the 2-core machine
WALLET_TABLES = [
    "wallet_entry",
    "wallet_paymentevent",
    "wallet_purchase",
    "wallet_payout",
    "wallet_sandboxbanktransfer",
    "wallet_idempotentresponse",
    "wallet_transfer",
    "wallet_account",
]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    # local settings default DEBUG on, and DEBUG keeps every query in memory: not what production runs.
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


# --- Set-up -----------------------------------------------------------------------------------
def reset(senders: int, funds: int, spread: bool = False):
    """Empty the wallet tables, then make `senders` funded senders and the creator they gift
    (one for all, or with `spread` one creator per sender: the control without a hot creator row)."""
    from django.db import connection

    from apps.accounts.models import User
    from apps.wallet import services
    from apps.wallet.accounts import system_account, user_account
    from apps.wallet.models import AccountKind

    with connection.cursor() as cursor:
        # TRUNCATE, not DELETE: the ledger refuses row deletes, by design.
        cursor.execute(f"TRUNCATE {', '.join(WALLET_TABLES)} RESTART IDENTITY CASCADE")

    def user(name):
        return User.objects.get_or_create(username=name, defaults={"email": f"{name}@bench.invalid"})[0]

    treasurer = user("bench_treasurer")
    creators = [user(f"bench_creator_{i}" if spread else "bench_creator") for i in range(senders if spread else 1)]
    people = [user(f"bench_sender_{i}") for i in range(senders)]
    for person in people:
        services.wallet_grant(user=person, amount=funds, reason="bench funds", granted_by=treasurer)
    # Open the credit-side accounts now, so the run measures steady state, not first use.
    for creator in creators:
        user_account(creator, AccountKind.CREATOR_EARNINGS)
    system_account(AccountKind.PLATFORM_REVENUE)
    # The workers are forked next: they must not inherit this process's pooled connections.
    connection.close()
    connection.close_pool()
    return [creators[i % len(creators)].pk for i in range(senders)], [person.pk for person in people]


# --- One worker process -----------------------------------------------------------------------
def worker(index, sender_id, creator_id, amount, seconds, start, results, profile):
    from django.db import connection

    from apps.accounts.models import User
    from apps.wallet import services

    sender, creator = User.objects.get(pk=sender_id), User.objects.get(pk=creator_id)
    for _ in range(20):  # warm up the connection, caches and plans; not counted
        services.wallet_spend(payer=sender, amount=amount, recipient=creator, kind="gift")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]

    # How long each spend holds the hot rows: from its first credit UPDATE returning (the
    # lock is then held) until wallet_spend returns (COMMIT done, lock released).
    updates_done = []

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "wallet_account"'):
            updates_done.append(time.perf_counter())
        return result

    results.put(("ready", index, backend_pid))
    start.wait()

    profiler = cProfile.Profile() if profile else None
    latencies, holds, errors = [], [], Counter()
    cpu_before, backend_before = time.process_time(), proc_cpu_seconds(backend_pid)
    deadline = time.perf_counter() + seconds
    if profiler:
        profiler.enable()
    with connection.execute_wrapper(watch):
        while True:
            began = time.perf_counter()
            if began >= deadline:
                break
            updates_done.clear()
            try:
                services.wallet_spend(payer=sender, amount=amount, recipient=creator, kind="gift")
            except Exception as error:  # counted and reported: the table shows errors
                errors[type(error).__name__] += 1
                continue
            finished = time.perf_counter()
            latencies.append(finished - began)
            if len(updates_done) >= 2:  # debit first, then the credits (ledger._apply_balances)
                holds.append(finished - updates_done[1])
    if profiler:
        profiler.disable()
    cpu, backend_cpu = time.process_time() - cpu_before, proc_cpu_seconds(backend_pid) - backend_before
    profile_text = ""
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        profile_text = out.getvalue()
    connection.close()
    results.put(
        (
            "done",
            index,
            {
                "latencies": latencies,
                "holds": holds,
                "errors": dict(errors),
                "cpu": cpu,
                "backend_cpu": backend_cpu,
                "profile": profile_text,
            },
        )
    )


# --- Measuring around the workers -------------------------------------------------------------
def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (0 if it is gone or unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class WaitSampler(threading.Thread):
    """Samples what the benchmark's backends are doing, from pg_stat_activity, every few ms."""

    def __init__(self, pids, interval=0.01):
        super().__init__(daemon=True)
        self.pids, self.interval, self.samples, self.stop = list(pids), interval, Counter(), threading.Event()

    def run(self):
        from django.db import connection

        with connection.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE pid = ANY(%s)", [self.pids]
                )
                for state, kind, event in cursor.fetchall():
                    if state == "active":
                        self.samples[f"{kind}/{event}" if kind else "running (CPU)"] += 1
                    else:
                        self.samples[f"{state}: {kind}/{event}" if kind else state] += 1
                time.sleep(self.interval)
        connection.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def run_level(senders: int, args) -> dict:
    from django.db import connection

    from apps.wallet.audit import audit
    from apps.wallet.models import Account, AccountKind
    from apps.wallet.services import split_for

    creator_ids, sender_ids = reset(senders, args.funds, spread=args.spread)
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    processes = [
        context.Process(
            target=worker,
            args=(i, sender_ids[i], creator_ids[i], args.amount, args.seconds, start, results, args.profile and i == 0),
        )
        for i in range(senders)
    ]
    for process in processes:
        process.start()
    backend_pids = []
    for _ in processes:
        _, _, pid = results.get(timeout=120)
        backend_pids.append(pid)

    sampler = WaitSampler(backend_pids) if args.sample_waits else None
    machine_before = machine_cpu()
    began = time.perf_counter()
    start.set()
    if sampler:
        sampler.start()
    outcomes = [results.get(timeout=args.seconds + 120)[2] for _ in processes]
    wall = time.perf_counter() - began
    machine_after = machine_cpu()
    if sampler:
        sampler.stop.set()
        sampler.join()
    for process in processes:
        process.join(timeout=30)

    latencies = [latency for outcome in outcomes for latency in outcome["latencies"]]
    errors = Counter()
    for outcome in outcomes:
        errors.update(outcome["errors"])
    spends = len(latencies)

    # The books: the audit, and the exact coins the hot accounts must hold after every gift.
    problems = audit()
    split = split_for(args.amount)
    warmed = 20 * senders
    creator_balance = sum(
        Account.objects.filter(owner_id__in=set(creator_ids), kind=AccountKind.CREATOR_EARNINGS).values_list(
            "balance", flat=True
        )
    )
    platform = Account.objects.get(owner=None, kind=AccountKind.PLATFORM_REVENUE).balance
    if creator_balance != (spends + warmed) * split.creator:
        problems.append(f"creator earnings {creator_balance} != {(spends + warmed) * split.creator}")
    if platform != (spends + warmed) * split.platform:
        problems.append(f"platform revenue {platform} != {(spends + warmed) * split.platform}")
    connection.close()

    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    python_cpu = sum(outcome["cpu"] for outcome in outcomes)
    pg_cpu = sum(outcome["backend_cpu"] for outcome in outcomes)
    holds = [hold for outcome in outcomes for hold in outcome["holds"]]
    result = {
        "senders": senders,
        "creators": len(set(creator_ids)),
        "seconds": round(wall, 2),
        "spends": spends,
        "spends_per_s": round(spends / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None,
        "hot_lock_held_p50_ms": round(percentile(holds, 0.50) * 1000, 2),
        "hot_lock_held_mean_ms": round(statistics.fmean(holds) * 1000, 2) if holds else None,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "audit": problems or "ok",
        "python_cpu_ms_per_spend": round(python_cpu * 1000 / max(spends, 1), 3),
        "postgres_cpu_ms_per_spend": round(pg_cpu * 1000 / max(spends, 1), 3),
        "machine_cpu_busy_percent": round(100 * busy / max(total, 1), 1),
    }
    if sampler:
        count = sum(sampler.samples.values()) or 1
        result["backend_states_percent"] = {
            key: round(100 * value / count, 1) for key, value in sampler.samples.most_common()
        }
    if args.profile:
        profile = next(outcome["profile"] for outcome in outcomes if outcome["profile"])
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"wallet_profile_{senders}.txt").write_text(profile)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--senders", type=int, default=16, help="the highest concurrency level (default 16)")
    parser.add_argument("--levels", default="", help="comma-separated sender counts (default: 4, 8, --senders)")
    parser.add_argument("--seconds", type=float, default=20, help="how long each level runs (default 20)")
    parser.add_argument("--amount", type=int, default=10, help="coins per gift (default 10: 7 creator, 3 platform)")
    parser.add_argument("--funds", type=int, default=10**12, help="coins each sender starts with")
    parser.add_argument("--spread", action="store_true", help="control run: each sender gifts its own creator")
    parser.add_argument("--sample-waits", action="store_true", help="sample pg_stat_activity wait events")
    parser.add_argument("--profile", action="store_true", help="cProfile one worker per level")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",") if n] or sorted({n for n in (4, 8, args.senders) if n > 0})

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench/wallet.py measures PostgreSQL: set DATABASE_URL=postgres://.../ballskill_bench", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    connection.close()

    rows = []
    for senders in levels:
        rows.append(run_level(senders, args))
        print(f"  ran {senders} senders: {rows[-1]['spends_per_s']} spends/s", file=sys.stderr)

    header = f"{'senders':>7} {'spends':>7} {'spends/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  audit"
    header += f"  {'py cpu ms':>9} {'pg cpu ms':>9} {'cpu %':>5} {'lock held ms':>12}"
    into = "each sender's own creator (control)" if args.spread else "one creator"
    print(f"\nGifts into {into} (PostgreSQL, {args.seconds:g} s per level, target {TARGET}/s)\n")
    print(header)
    for row in rows:
        audit_text = row["audit"] if row["audit"] == "ok" else "FAILED"
        print(
            f"{row['senders']:>7} {row['spends']:>7} {row['spends_per_s']:>9} {row['p50_ms']:>7} {row['p99_ms']:>7}"
            f" {row['errors']:>6}  {audit_text:<5}  {row['python_cpu_ms_per_spend']:>9}"
            f" {row['postgres_cpu_ms_per_spend']:>9} {row['machine_cpu_busy_percent']:>5}"
            f" {row['hot_lock_held_mean_ms'] if row['hot_lock_held_mean_ms'] is not None else '-':>12}"
        )
    print(
        "\npy/pg cpu ms: CPU per spend in the worker processes / their PostgreSQL backends; cpu %: whole machine;"
        "\nlock held ms: mean time a spend holds the hot rows (first credit UPDATE done -> COMMIT done);"
        " one hot row allows at most 1000 / that many spends/s"
    )
    for row in rows:
        if "backend_states_percent" in row:
            states = ", ".join(f"{key} {value}%" for key, value in row["backend_states_percent"].items())
            print(f"backends at {row['senders']} senders: {states}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("wallet_spread.json" if args.spread else "wallet.json")
    report = {
        "benchmark": "wallet_gifts_spread" if args.spread else "wallet_gifts_one_creator",
        "target_per_s": TARGET,
        "amount": args.amount,
        "seconds_per_level": args.seconds,
        "load_average_after": os.getloadavg(),
        "levels": rows,
    }
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {out}")
    failed = [row for row in rows if row["audit"] != "ok"]
    for row in failed:
        print(f"AUDIT FAILED at {row['senders']} senders: {row['audit']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
