"""Realtime vocabulary of PK battles.

- `PK` (urgent) is a battle's whole state, to every stream that fought in it: sent when it
  starts, when a host leaves, when sudden death begins, and with the result at the end.
- `SU` (coalesced, at most one a second per stream) is the score: both sides' totals and top
  gifters, to the streams still fighting. Each carries the battle's score version `v`; a client
  drops an `SU` whose `v` is not above the last it applied. The final `PK` is exact (counted
  from the Contribution rows), whatever `SU` frames were coalesced away.
- On `/ws/me/`, each host in a battle gets a short `PN` whenever it changes (an invitation
  came, was answered, lapsed; the battle started or ended), so studios and toasts follow.
"""

from django.urls import reverse

from apps.gifting.events import ANONYMOUS
from apps.pk.models import ParticipantStatus
from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code
from apps.streaming.events import author_payload, stream_group


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def _top(gifters) -> list[dict]:
    return [{"who": author_payload(g.user) if g.user else ANONYMOUS, "pts": g.points} for g in gifters]


def _score_sides(state) -> list[dict]:
    return [{"n": s.side.position, "pts": s.side.points, "top": _top(s.top)} for s in state.sides]


def state_payload(state) -> dict:
    battle = state.battle
    gift = battle.counted_gift
    return {
        "id": battle.pk,
        "s": battle.status,
        "mode": battle.mode,
        "v": battle.score_version,
        "dur": battle.duration_seconds,
        "expires": _ms(battle.invite_expires_at),
        "start": _ms(battle.starts_at),
        "end": _ms(battle.ends_at),
        "ot": _ms(battle.overtime_starts_at),
        "tie": battle.tie_rule,
        "gift": {"id": gift.pk, "name": gift.name, "emoji": gift.emoji} if gift else None,
        "boost": [
            {"x": b.factor, "label": b.label, "from": _ms(b.starts_at), "to": _ms(b.ends_at)} for b in state.boosters
        ],
        "sides": [
            {
                **score,
                "label": side.title,
                # Hosts, not their streams: an unlisted stream's address stays with its own viewers.
                "hosts": [{**author_payload(p.host), "st": p.status} for p in side.participants],
            }
            for score, side in zip(_score_sides(state), state.sides, strict=True)
        ],
        "result": {
            "winner": state.winner.side.position if state.winner else None,
            "reason": battle.end_reason,
        }
        if battle.end_reason
        else None,
    }


def score_payload(state) -> dict:
    battle = state.battle
    return {"id": battle.pk, "v": battle.score_version, "end": _ms(battle.ends_at), "sides": _score_sides(state)}


def _fought_streams(state) -> set:
    fought = (ParticipantStatus.ACCEPTED, ParticipantStatus.LEFT)
    return {p.stream_id for p in state.participants if p.status in fought}


def send_state(state) -> None:
    """The battle changed: its streams' pages (once it has started) and its hosts' studios hear of it."""
    battle = state.battle
    if battle.starts_at:
        payload = state_payload(state)
        for stream_id in _fought_streams(state):
            broadcast(stream_group(stream_id), Code.PK_STATE, payload)
    for participant in state.participants:
        note = {
            "id": battle.pk,
            "s": battle.status,
            "you": participant.status,
            "by": battle.created_by.public_name,
            "mode": battle.mode,
            "dur": battle.duration_seconds,
            "expires": _ms(battle.invite_expires_at),
            "studio": reverse("streaming:studio", args=[participant.stream_id]),
        }
        broadcast(user_group(participant.host_id), Code.PK_NOTE, note)


def send_score(state, stream_ids) -> None:
    payload = score_payload(state)
    for stream_id in stream_ids:
        broadcast(stream_group(stream_id), Code.SCORE_UPDATE, payload, coalesce=True)
