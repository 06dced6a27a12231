"""Which matches a corrected result reaches: the engine behind "a correction reopens only what depends on it"."""

from __future__ import annotations

from collections.abc import Iterable

from apps.tournaments.brackets import Match


def dependents(matches: Iterable[Match], match_id: str) -> list[str]:
    """The ids of every match whose players depend on match_id's result, in the order of `matches`.

    A match depends on another when one of its slots takes that match's winner or loser, directly or
    through matches that do; so changing the first grand final reaches only the reset, and a round
    robin's or a Swiss round's matches (seeded slots) reach nothing. The match itself is not included.
    The matches may come in any order (rows from the database, say).
    """
    matches = list(matches)
    if match_id not in {match.id for match in matches}:
        raise ValueError(f"There is no match {match_id}.")
    reached = {match_id}
    growing = True
    while growing:
        newly = {
            match.id
            for match in matches
            if match.id not in reached and any(slot.source in reached for slot in match.slots)
        }
        reached |= newly
        growing = bool(newly)
    return [match.id for match in matches if match.id in reached and match.id != match_id]
