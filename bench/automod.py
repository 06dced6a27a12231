"""AutoMod's cost per chat message: the compiled filter alone, in this process, no database.

    .venv/bin/python bench/automod.py                 # level 4 with 0, 100 and 500 blocked terms
    .venv/bin/python bench/automod.py --terms 0,500,2000 --messages 50000

For each number of blocked terms it builds the channel's filter (level 4, every category; the
terms are made-up words, a tenth with a `*` wildcard and a twentieth two-word phrases) and times
its build (median of --builds), then checks --messages chat lines one at a time: ordinary lines of
10-150 characters, one in twenty an evasion the filter holds. It prints microseconds per message
(p50, p99, mean, and the mean in CPU time, which a busy machine's preemptions do not inflate;
the held ones apart too) and writes bench/results/automod.json. The filter is what
`check_message` runs once its channel's filter is cached; the one cache read before it (two
version stamps: one Redis round trip in production) is in bench/fanout.py's end-to-end numbers.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

LINES = [
    "gg",
    "what a goal!!",
    "that keeper is unreal",
    "lol did you see that",
    "who's winning?",
    "first time here, love the stream",
    "can you do the rainbow flick again pls",
    "the ref missed that one, clear foul on number 7",
    "3-1 now, no way they come back from this",
    "hello from Brazil 🇧🇷 watching at 3am",
    "is this the semi final or the quarter?",
    "that pass from the left wing was a classic, textbook stuff",
    "the assassin strikes again haha",
    "I'd love to see a 1v1 between you two after the match",
    "what camera do you use? the quality is amazing today",
    "can't believe that save, his reflexes are insane",
    "when's the next tournament? I want to sign up with my brother",
    "therapist said I need to stop watching at 2am but here we are",
    "my butterfly kick is still terrible, any drills you'd recommend for a beginner?",
    "cocktail party after the final? 🍸",
    "GOOOOOOOAAAAAL",
    "pass it pass it PASS IT",
    "honestly the best stream on the platform right now, the commentary is so good and you explain everything",
    "does anyone know the song playing in the background? it's been stuck in my head all week long",
    "100% penalty, the defender went straight through him, no contact with the ball at all, VAR where?",
]
EVASIONS = ["f.u.c.k this", "you absolute @sshole", "kys", "go to www.example.com", "sh1t shot", "what a n00b"]


def made_up_terms(count: int, rng: random.Random) -> list[str]:
    """Blocked terms no innocent line holds (a made-up "come" or "pena*" would hold real chat, which
    the fan-out bench would count as lost)."""
    consonants, vowels = "bcdfghjklmnprstvwz", "aeiou"
    innocent = " ".join(LINES).lower()

    def word() -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))

    terms = set()
    while len(terms) < count:
        pick = rng.random()
        term = f"{word()} {word()}" if pick < 0.05 else word() + "*" if pick < 0.15 else word()
        if term.rstrip("*") not in innocent:
            terms.add(term)
    return sorted(terms)


def messages(count: int, rng: random.Random) -> list[tuple[str, bool]]:
    """(line, whether it is an evasion), one in twenty an evasion."""
    return [(rng.choice(EVASIONS), True) if i % 20 == 19 else (rng.choice(LINES), False) for i in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {
        "p50_us": round(percentile(values, 0.5), 2),
        "p99_us": round(percentile(values, 0.99), 2),
        "mean_us": round(statistics.fmean(values), 2),
        "max_us": round(max(values), 1),
    }


def run(term_count: int, args, rng: random.Random) -> dict:
    from apps.restrictions.automod.matcher import TermValue, build

    terms = [
        TermValue(id=i, text=t, kind="blocked", channel_id=1) for i, t in enumerate(made_up_terms(term_count, rng))
    ]
    terms.append(TermValue(id=-1, text="n00b*", kind="blocked", channel_id=1))
    builds = []
    for _ in range(args.builds):
        began = time.perf_counter()
        channel_filter = build(level=4, terms=terms)
        builds.append((time.perf_counter() - began) * 1000)
    lines = messages(args.messages, rng)
    for line, _ in lines[:1000]:  # warm up
        channel_filter.check(line)
    clean, held, missed = [], [], 0
    clock = time.perf_counter_ns
    cpu_began = time.process_time()
    for line, evasion in lines:
        began = clock()
        hit = channel_filter.check(line)
        spent = (clock() - began) / 1000
        (held if evasion else clean).append(spent)
        missed += evasion and hit is None
    # CPU time, not wall time: on a shared machine a preempted check counts only what it ran.
    cpu_us = (time.process_time() - cpu_began) * 1e6 / len(lines)
    return {
        "level": 4,
        "blocked_terms": term_count,
        "build_ms": round(statistics.median(builds), 1),
        "pattern_chars": len(channel_filter.blocked.regex.pattern),
        "messages": len(lines),
        "mean_chars": round(statistics.fmean(len(line) for line, _ in lines), 1),
        "all": summary(clean + held),
        "cpu_mean_us": round(cpu_us, 2),
        # Cost grows with length: the same per 100 characters of chat.
        "cpu_us_per_100_chars": round(cpu_us * 100 / statistics.fmean(len(line) for line, _ in lines), 2),
        "clean": summary(clean),
        "held": summary(held),
        "evasions_missed": missed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", default="0,100,500", help="blocked-term counts (comma-separated)")
    parser.add_argument("--messages", type=int, default=20000, help="messages checked per count")
    parser.add_argument("--builds", type=int, default=5, help="builds timed per count (median)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--output", default=str(RESULTS / "automod.json"))
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    rng = random.Random(args.seed)
    rows = [run(int(n), args, rng) for n in args.terms.split(",")]

    print(
        f"{'terms':>6} {'build ms':>9} {'p50 µs':>8} {'p99 µs':>8} {'mean µs':>8} {'cpu µs':>7} "
        f"{'cpu/100ch':>9} {'held p50':>9} {'missed':>7}"
    )
    for r in rows:
        print(
            f"{r['blocked_terms']:>6} {r['build_ms']:>9} {r['all']['p50_us']:>8} {r['all']['p99_us']:>8} "
            f"{r['all']['mean_us']:>8} {r['cpu_mean_us']:>7} {r['cpu_us_per_100_chars']:>9} "
            f"{r['held']['p50_us']:>9} {r['evasions_missed']:>7}"
        )
    report = {
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "runs": rows,
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2))
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
