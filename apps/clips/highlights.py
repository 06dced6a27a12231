"""The highlight finder: candidate moments of a stream from what happened on it, as plain numbers.

Every time is in seconds from the start of the stream's picture. Chat and gifts are counted in
10-second buckets and a bucket stands out by its z-score against the stream's own rolling baseline
(the buckets before it), so a busy channel needs a bigger burst than a quiet one. The shot tracker
and PK battles give moments directly. Each moment gets a pre-roll (the play that caused it) and a
post-roll, and moments that overlap become one candidate, scored by its strongest signal and by how
many kinds of signal agree. Nothing here reads the database: services.highlights feeds it.
"""

import itertools
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from apps.clips.models import CLIP_MAX_SECONDS, CLIP_MIN_SECONDS, HighlightKind

BUCKET_SECONDS = 10
# The rolling baseline: up to five minutes of buckets before the one judged, at least one minute.
BASELINE_BUCKETS = 30
MIN_BASELINE_BUCKETS = 6
CHAT_Z_THRESHOLD = 3.0
GIFT_Z_THRESHOLD = 3.0
# Below these a bucket is no burst whatever its z-score (two lines in a silent chat are not a moment).
MIN_CHAT_BURST = 5
MIN_GIFT_SPIKE_COINS = 100
# A make streak is a moment at these lengths (as the overlay's celebration), then every fifth make.
MAKE_STREAK_MIN = 3
PK_FINISH_SECONDS = 10

# (pre-roll, post-roll) in seconds around each kind's moment.
ROLLS = {
    HighlightKind.CHAT_BURST: (15, 5),
    HighlightKind.GIFT_SPIKE: (15, 5),
    HighlightKind.MAKE_STREAK: (12, 5),
    HighlightKind.CHALLENGE_MADE: (15, 5),
    HighlightKind.PK_FINISH: (5, 5),
}
# The widest post-roll: how long after a moment its candidate is complete.
MAX_POST_ROLL = max(post for _, post in ROLLS.values())


@dataclass(frozen=True)
class Candidate:
    kind: str
    start: float
    end: float
    confidence: float  # 0..1: how sure the finder is that something happened
    excitement: int  # 1..10: how much it is worth watching
    evidence: list[dict] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return self.end - self.start


def buckets(times: Iterable[float], weights: Iterable[int] | None = None, *, until: float) -> list[int]:
    """Per complete 10-second bucket from 0 to `until`: how many times fell in it (or the sum of
    their weights)."""
    counts = [0] * int(until // BUCKET_SECONDS)
    for at, weight in zip(times, itertools.repeat(1) if weights is None else weights, strict=False):
        index = int(at // BUCKET_SECONDS)
        if 0 <= index < len(counts):
            counts[index] += weight
    return counts


def z_scores(counts: list[int], *, judge_from: int = 0) -> list[tuple[int, float]]:
    """(bucket, z) for each bucket from `judge_from` that has a baseline: its count against the mean
    and standard deviation of the buckets before it. The deviation is at least the square root of
    the mean (counts of independent events vary that much by chance) and at least 1."""
    scores = []
    for index in range(max(judge_from, MIN_BASELINE_BUCKETS), len(counts)):
        baseline = counts[max(0, index - BASELINE_BUCKETS) : index]
        mean = statistics.fmean(baseline)
        spread = max(statistics.pstdev(baseline), math.sqrt(mean), 1.0)
        scores.append((index, (counts[index] - mean) / spread))
    return scores


def _z_strength(z: float, threshold: float) -> float:
    """0.5 at the threshold, 1 at twice it."""
    return min(1.0, 0.5 * z / threshold)


def spikes(counts: list[int], *, kind: str, threshold: float, minimum: int, judge_from: int = 0) -> list[Candidate]:
    """A candidate for each bucket whose z-score reaches `threshold` and whose count `minimum`."""
    found = []
    for index, z in z_scores(counts, judge_from=judge_from):
        if z >= threshold and counts[index] >= minimum:
            strength = _z_strength(z, threshold)
            start = index * BUCKET_SECONDS
            evidence = {"kind": kind, "at": start, "count": counts[index], "z": round(z, 2)}
            found.append(_rolled(kind, start, start + BUCKET_SECONDS, strength, 3 + round(5 * strength), evidence))
    return found


def make_streak_moments(shots: Iterable[tuple[float, bool]]) -> list[Candidate]:
    """From a stream's shots in order, (time, made): a candidate where a make streak reaches 3, 5,
    10 and every fifth make after."""
    found, streak = [], 0
    for at, made in shots:
        streak = streak + 1 if made else 0
        if is_streak_moment(streak):
            evidence = {"kind": HighlightKind.MAKE_STREAK, "at": at, "streak": streak}
            found.append(_rolled(HighlightKind.MAKE_STREAK, at, at, 1.0, min(10, 3 + streak), evidence))
    return found


def is_streak_moment(streak: int) -> bool:
    return streak == MAKE_STREAK_MIN or (streak > 0 and streak % 5 == 0)


def challenge_moments(times: Iterable[float]) -> list[Candidate]:
    kind = HighlightKind.CHALLENGE_MADE
    return [_rolled(kind, at, at, 1.0, 8, {"kind": kind, "at": at}) for at in times]


def pk_finish_moments(times: Iterable[float]) -> list[Candidate]:
    """A battle's last 10 seconds, from the time it ended."""
    kind = HighlightKind.PK_FINISH
    return [_rolled(kind, at - PK_FINISH_SECONDS, at, 1.0, 7, {"kind": kind, "at": at}) for at in times]


def _rolled(kind: str, start: float, end: float, confidence: float, excitement: int, evidence: dict) -> Candidate:
    pre, post = ROLLS[kind]
    return Candidate(kind, max(0.0, start - pre), end + post, confidence, excitement, [evidence])


def merged(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Overlapping candidates as one, in time order: the strongest one's kind and confidence, one more
    point of excitement for each other kind of signal that agrees, and no longer than a clip may be
    (the window kept is the one around the strongest moment)."""
    groups: list[list[Candidate]] = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        if groups and candidate.start <= max(c.end for c in groups[-1]):
            groups[-1].append(candidate)
        else:
            groups.append([candidate])
    return [_one(group) for group in groups]


def _one(group: list[Candidate]) -> Candidate:
    top = max(group, key=lambda c: (c.excitement, c.confidence))
    start, end = min(c.start for c in group), max(c.end for c in group)
    if end - start > CLIP_MAX_SECONDS:
        start = max(start, min(top.start, end - CLIP_MAX_SECONDS))
        end = start + CLIP_MAX_SECONDS
    end = max(end, start + CLIP_MIN_SECONDS)
    agreeing = len({c.kind for c in group}) - 1
    evidence = [item for c in group for item in c.evidence]
    return Candidate(top.kind, start, end, top.confidence, min(10, top.excitement + agreeing), evidence)


@dataclass(frozen=True)
class Signals:
    """What happened on a stream, in seconds from its picture's start."""

    chat: list[float]
    gifts: list[tuple[float, int]]  # (time, coins)
    shots: list[tuple[float, bool]]  # (time, made), in order, undone ones left out
    challenges_made: list[float]
    pk_finishes: list[float]


def find(signals: Signals, *, until: float, judge_from: float = 0, ended: bool = False) -> list[Candidate]:
    """The candidates of a stream whose moment is at or after `judge_from`, merged. While the picture
    goes on, only those it has shown all of by `until` (the post-roll included); once it has ended
    (`until` is its end), a post-roll past the end is cut short."""
    first_bucket = int(judge_from // BUCKET_SECONDS)
    chat = buckets(signals.chat, until=until)
    coins = buckets((at for at, _ in signals.gifts), (c for _, c in signals.gifts), until=until)
    found = [
        *spikes(
            chat, kind=HighlightKind.CHAT_BURST, threshold=CHAT_Z_THRESHOLD, minimum=MIN_CHAT_BURST,
            judge_from=first_bucket,
        ),
        *spikes(
            coins, kind=HighlightKind.GIFT_SPIKE, threshold=GIFT_Z_THRESHOLD, minimum=MIN_GIFT_SPIKE_COINS,
            judge_from=first_bucket,
        ),
        *make_streak_moments(signals.shots),
        *challenge_moments(signals.challenges_made),
        *pk_finish_moments(signals.pk_finishes),
    ]  # fmt: skip
    candidates = merged(c for c in found if judge_from <= c.evidence[0]["at"] <= until)
    if not ended:
        return [c for c in candidates if c.end <= until]
    return [
        replace(c, end=min(c.end, until)) for c in candidates if c.end <= until or until - c.start >= CLIP_MIN_SECONDS
    ]
