"""Realtime vocabulary of tournaments (docs/realtime.md has each payload).

Services call these inside their transaction; frames leave after commit, through apps.realtime.
- `BU` on every match change: FULL (every match) to registered players, SUMMARY (the changed matches and
  the standings) to spectators.
- `PJ` / `PL` when a player registers, checks in, withdraws or is dropped.
- `ES` when the tournament's status changes.
- `SE` when a superstar registers.
- `RC` to a player's `/ws/me/` when their rating changes; `SA` when a win streak reaches 3, 5 or 10.
"""


def bracket_changed(tournament, *, match_ids: list[int]) -> None:
    """Matches of `tournament` changed (ready, reported, completed, disputed, reopened)."""


def entry_changed(tournament, *, player, joined: bool, reason: str) -> None:
    """A player joined (registered, checked in, moved up) or left (withdrew, dropped, disqualified)."""


def status_changed(tournament) -> None:
    """The tournament's status changed (started, paused, resumed, cancelled, finalized)."""


def superstar_entered(tournament, *, player, level: str) -> None:
    """A superstar registered (level ELITE or LEGENDARY)."""


def rating_changed(change) -> None:
    """A RatingChange was applied: the player's own `/ws/me/` gets `RC`."""


def streak_reached(rating, *, streak: int) -> None:
    """A player's win streak in a game type reached 3, 5 or 10."""
