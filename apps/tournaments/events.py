"""Realtime vocabulary of tournaments (docs/realtime.md has each payload).

Services call these inside their transaction; frames leave after commit, through apps.realtime.
- `BU` on every match change: FULL (every match) to registered players and the organizer, SUMMARY (the
  changed matches, the standings and those matches' players) to spectators. Both are read once, after
  the commit, from bracket_state: every bracket_changed of one transaction makes one BU per group,
  whose `v` is the tournament's version as committed.
- `PJ` / `PL` when a player registers (or joins the waiting list), checks in, moves up, withdraws or
  is dropped, to everyone on the page. `reason` is one of JOIN_REASONS or LEAVE_REASONS.
- `SE` when a superstar registers or moves up from the waiting list (selectors.live.superstar_level),
  to everyone on the page, just after its `PJ`.
- `ES` when the tournament's status changes, to everyone on the page.
- `RC` to a player's `/ws/me/` when their rating changes; `SA` when a win streak reaches 3, 5 or 10,
  to their `/ws/me/` as well: a streak belongs to the player, and the match that made it is over.
"""

from django.db import transaction

from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code
from apps.streaming.events import author_payload
from apps.tournaments import glicko2
from apps.tournaments.models import Tournament
from apps.tournaments.selectors import live
from apps.tournaments.selectors.brackets import bracket_state

JOIN_REASONS = ("registered", "waiting", "moved_up", "checked_in")
LEAVE_REASONS = ("withdrew", "dropped", "disqualified", "refunded")
# A superstar is announced once they have a place: not on the waiting list, nor again at check-in.
ANNOUNCED_REASONS = ("registered", "moved_up")
STREAK_ALERTS = (3, 5, 10)


def players_group(tournament_id: int) -> str:
    return f"tournament.{tournament_id}.players"


def spectators_group(tournament_id: int) -> str:
    return f"tournament.{tournament_id}.spectators"


def _to_everyone(tournament, code: Code, payload: dict) -> None:
    for group in (players_group(tournament.pk), spectators_group(tournament.pk)):
        broadcast(group, code, payload)


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


# --- BU --------------------------------------------------------------------------------------
def full_payload(state: dict) -> dict:
    return {"v": state["v"], "full": True, **state}


def summary_payload(state: dict, match_ids) -> dict:
    """The changed matches of `state`, its standings, and only the players of those matches."""
    wanted = set(match_ids)
    matches = [match for match in state["matches"] if match["id"] in wanted]
    player_ids = {str(player) for match in matches for player in match["players"] if player is not None}
    return {
        "v": state["v"],
        "matches": matches,
        "standings": state["standings"],
        "players": {key: player for key, player in state["players"].items() if key in player_ids},
    }


class _BracketFrames:
    """The BU frames of one tournament, sent once the transaction commits: one per transaction,
    however many times the services said which matches changed."""

    def __init__(self, tournament_id: int, match_ids):
        self.tournament_id = tournament_id
        self.match_ids = set(match_ids)

    def __call__(self) -> None:
        tournament = Tournament.objects.get(pk=self.tournament_id)
        state = bracket_state(tournament)
        broadcast(players_group(tournament.pk), Code.BRACKET_UPDATE, full_payload(state))
        broadcast(spectators_group(tournament.pk), Code.BRACKET_UPDATE, summary_payload(state, self.match_ids))


def bracket_changed(tournament, *, match_ids: list[int]) -> None:
    """Matches of `tournament` changed (ready, reported, completed, disputed, reopened)."""
    for _, pending, _ in transaction.get_connection().run_on_commit:
        if isinstance(pending, _BracketFrames) and pending.tournament_id == tournament.pk:
            pending.match_ids.update(match_ids)
            return
    # The state is read after the commit: then it is the committed one, with its version.
    transaction.on_commit(_BracketFrames(tournament.pk, match_ids), robust=True)


# --- PJ / PL / SE / ES -----------------------------------------------------------------------
def entry_changed(tournament, *, player, joined: bool, reason: str) -> None:
    """A player joined (registered, checked in, moved up) or left (withdrew, dropped, disqualified)."""
    if reason not in (JOIN_REASONS if joined else LEAVE_REASONS):
        raise ValueError(f"Unknown reason {reason!r} for a player who {'joined' if joined else 'left'}.")
    payload = {
        "player": author_payload(player),
        "reason": reason,
        "count": live.registered_count(tournament=tournament),
    }
    if joined:
        payload["rating"] = live.rating_display(player=player, game_type_id=tournament.game_type_id)
    _to_everyone(tournament, Code.PLAYER_JOINED if joined else Code.PLAYER_LEFT, payload)
    if joined and reason in ANNOUNCED_REASONS:
        criteria = live.superstar_criteria(player)
        if level := live.superstar_level(player, criteria):
            superstar_entered(tournament, player=player, level=level, criteria=criteria)


def superstar_entered(tournament, *, player, level: str, criteria: list[str] | None = None) -> None:
    """A superstar registered (level ELITE or LEGENDARY; `criteria`: the ones they meet, read if not given)."""
    if criteria is None:
        criteria = live.superstar_criteria(player)
    _to_everyone(tournament, Code.SUPERSTAR_ENTRY, {"player": author_payload(player), "level": level, "met": criteria})


def status_payload(tournament) -> dict:
    payload = {"s": tournament.status}
    if tournament.started_at:
        payload["started"] = _ms(tournament.started_at)
    if tournament.ended_at:
        payload["ended"] = _ms(tournament.ended_at)
    return payload


def status_changed(tournament) -> None:
    """The tournament's status changed (started, paused, resumed, cancelled, finalized)."""
    _to_everyone(tournament, Code.EVENT_STATUS, status_payload(tournament))


# --- RC / SA ---------------------------------------------------------------------------------
def rating_changed(change) -> None:
    """A RatingChange was applied: the player's own `/ws/me/` gets `RC`."""
    rating = change.rating
    shown = glicko2.Rating(change.rating_after, change.deviation_after)  # the display reads these two
    payload = {
        "game": rating.game_type.code,
        "rating": round(change.rating_after),
        "display": glicko2.display(shown),
        "delta": round(change.rating_after - change.rating_before),
    }
    broadcast(user_group(rating.player_id), Code.RANK_CHANGE, payload)


def streak_reached(rating, *, streak: int) -> None:
    """A player's win streak in a game type reached 3, 5 or 10: their `/ws/me/` gets `SA`."""
    if streak not in STREAK_ALERTS:
        raise ValueError(f"A streak alert is for {STREAK_ALERTS}, not {streak!r}.")
    broadcast(user_group(rating.player_id), Code.STREAK_ALERT, {"game": rating.game_type.code, "streak": streak})
