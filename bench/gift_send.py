"""The gift transaction alone, in this process: `gift_send` timed without and with a PK battle.

    DATABASE_URL=postgres://ballskill:...@127.0.0.1:5432/ballskill_gifts REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/gift_send.py --gifts 300

It migrates, makes two live hosts and a fan with coins (new names each run), sends --warm-up gifts,
then times --gifts calls of `services.gift_send` to one host, first with no battle, then with the two
hosts in a battle. Tasks go to the broker (REDIS_URL) and nothing runs them, as in a web process: the
time is the request's share of a gift, frames and queuing included. It prints p50/p90/mean per case
and writes bench/results/gift_send.json. To compare two versions of the code, run each from its own
tree (and its own database, since their migrations differ) several times, alternating: the machine's
noise is larger than most differences.
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")  # DEBUG keeps every query in memory
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def user(name: str):
    from apps.accounts.models import User

    return User.objects.create_user(username=name, email=f"{name}@bench.invalid")


def live_host(name: str):
    from apps.streaming import services as streaming

    host = user(name)
    streaming.stream_create(creator=host, title=f"Bench {name}", go_live=True)
    return host


def timed(send, n: int) -> list[float]:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        send()
        times.append((time.perf_counter() - began) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "calls": len(times),
        "p50_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gifts", type=int, default=300, help="timed gift_send calls per case")
    parser.add_argument("--warm-up", type=int, default=30, help="untimed calls first, per case")
    args = parser.parse_args()
    setup_django()
    from apps.gifting import services as gifting
    from apps.gifting.models import Gift
    from apps.pk import services as pk
    from apps.streaming.models import Stream
    from apps.wallet.services import wallet_grant

    tag = uuid.uuid4().hex[:8]
    ana, bo, fan = live_host(f"host_{tag}_a"), live_host(f"host_{tag}_b"), user(f"fan_{tag}")
    wallet_grant(user=fan, amount=10**7, reason="gift_send bench", granted_by=ana)
    stream = Stream.objects.get(creator=ana, status="live")
    rose = Gift.objects.get(name="Rose").pk

    def send():
        gifting.gift_send(stream=stream, sender=fan, gift_id=rose, message="bench")

    results = {}
    for case in ("no battle", "battle"):
        if case == "battle":
            battle = pk.battle_invite(host=ana, opponents=[bo])
            pk.battle_accept(battle=battle, host=bo)
        timed(send, args.warm_up)
        results[case] = summary(timed(send, args.gifts))
        print(f"{case:>10}: " + "  ".join(f"{k} {v}" for k, v in results[case].items()), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "gift_send.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
