"""Realtime payloads of the shot tracker: ST (the stream's shooting numbers, coalesced) and ML
`make_streak` (a celebration)."""

from apps.realtime.broadcast import broadcast
from apps.realtime.protocol import Code
from apps.shots.selectors.tracker import shot_summary
from apps.streaming.events import stream_group

STATS_FIELDS = ("v", "types", "streak", "made", "att", "last")


def stats_payload(summary: dict) -> dict:
    return {name: summary[name] for name in STATS_FIELDS}


def send_stats(stream) -> dict:
    """ST to the stream's sockets after the commit, read now (inside the writer's transaction, which
    holds the creator's lock, so frames leave in the order of the writes). Returns the summary."""
    summary = shot_summary(stream)
    broadcast(stream_group(stream.pk), Code.SHOT_STATS, stats_payload(summary), coalesce=True)
    return summary


def send_make_streak(stream, n: int) -> None:
    broadcast(stream_group(stream.pk), Code.MILESTONE, {"kind": "make_streak", "n": n})
