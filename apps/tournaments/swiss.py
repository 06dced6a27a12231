"""The Swiss engine: each round's pairings and the standings, pure functions of the results so far.

Players are named by seed (1 is the best), as in the bracket engine. Matches always have a winner, so
a player's points are their wins, and a bye counts as a win. The services store each round's matches
and record a bye as ``Result(winner=seed, loser=None)``.

Pairing, round by round: players are ordered by points, then seed. Within each score group the top
half meets the bottom half (1st v (n/2+1)th...); a group with an odd count sends its lowest player down
to the next group. Nobody meets the same opponent twice while any pairing of the round avoids it: a
backtracking search over the score-ordered list tries, for each highest unpaired player, the opponents
nearest in score and nearest to their top-half/bottom-half partner first, and remembers which sets of
remaining players cannot be paired, so it stays fast up to 256 players. When no pairing avoids a
rematch (or the search runs past SEARCH_STEPS, which only very long Swiss stages come near), each
player in turn takes their nearest opponent, rematches last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from apps.tournaments.brackets import Match, Slot
from apps.tournaments.standings import Result, ranked

# Steps of the no-rematch search before it gives up and lets rematches in. A Swiss of recommended
# length takes one step a pair, with no backtracking (measured up to 256 players); 64 players deep into
# a full cycle (round 25 and on) can use them all, about half a second.
SEARCH_STEPS = 50_000


def recommended_rounds(players: int) -> int:
    """ceil(log2 N): enough rounds for one player to be the only one who won them all."""
    _check_players(players)
    return (players - 1).bit_length()


def max_rounds(players: int) -> int:
    """As many rounds as a full round robin: beyond that, every round would be all rematches."""
    _check_players(players)
    return players - 1 + players % 2


@dataclass(frozen=True)
class SwissStanding:
    seed: int
    wins: int  # byes included
    losses: int
    byes: int
    # Points are wins; Buchholz is the sum of the points of every opponent met (once per meeting).
    # A bye has no opponent, so it adds nothing to Buchholz (but its win counts in points).
    points: int
    buchholz: int


def swiss_standings(players: int, results: Iterable[Result]) -> list[SwissStanding]:
    """The table, best first: by points, then Buchholz, then head to head, then seed."""
    results = _checked(players, results)
    wins, losses, byes = _tally(players, results)
    opponents = _opponents(results)
    buchholz = {seed: sum(wins[opponent] for opponent in opponents[seed]) for seed in wins}
    order = ranked(wins, lambda seed: (wins[seed], buchholz[seed]), results)
    return [SwissStanding(seed, wins[seed], losses[seed], byes[seed], wins[seed], buchholz[seed]) for seed in order]


@dataclass(frozen=True)
class SwissRound:
    """One round's matches (ids S<round>-M<n>, the higher-placed player first) and who has the bye."""

    matches: list[Match]
    bye: int | None


def swiss_round(players: int, round_number: int, results: Iterable[Result]) -> SwissRound:
    """The pairings of round `round_number`, given every result of the rounds before it.

    With an odd count the bye goes to the lowest-placed player who has not had one, unless only a
    later candidate lets the round avoid a rematch.
    """
    if not 1 <= round_number <= max_rounds(players):
        raise ValueError(f"A Swiss of {players} players has rounds 1 to {max_rounds(players)}, not {round_number}.")
    results = _checked(players, results)
    points, _, byes = _tally(players, results)
    met = _opponents(results)
    order = sorted(points, key=lambda seed: (-points[seed], seed))
    candidates: list[int | None] = [None]
    if players % 2:
        fewest = min(byes.values())
        candidates = [seed for seed in reversed(order) if byes[seed] == fewest]
    search = _Search(points, met)
    for bye in candidates:
        pairs = search.pairs([seed for seed in order if seed != bye])
        if pairs is not None:
            break
    else:
        bye = candidates[0]
        pairs = search.pairs_allowing_rematches([seed for seed in order if seed != bye])
    matches = [
        Match(
            f"S{round_number}-M{number}",
            "swiss",
            round_number,
            number,
            f"Round {round_number}",
            (Slot(seed=first), Slot(seed=second)),
        )
        for number, (first, second) in enumerate(pairs, start=1)
    ]
    return SwissRound(matches, bye)


class _Search:
    """Pairs a score-ordered list with no rematch; `pairs` returns None when no such pairing exists
    (or, past SEARCH_STEPS, when none was found in time)."""

    def __init__(self, points: dict[int, int], met: defaultdict[int, list[int]]):
        self.points = points
        self.met = {seed: set(met[seed]) for seed in points}
        self.steps = SEARCH_STEPS

    def pairs(self, order: list[int]) -> list[tuple[int, int]] | None:
        self._start(order)
        self.unpairable: set[frozenset[int]] = set()
        return self._search(order)

    def pairs_allowing_rematches(self, order: list[int]) -> list[tuple[int, int]]:
        """Greedy: each highest unpaired player takes their best opponent, a rematch only as a last resort."""
        self._start(order)
        unpaired, pairs = list(order), []
        while unpaired:
            top, rest = unpaired[0], unpaired[1:]
            opponent = min(rest, key=lambda seed: (seed in self.met[top], *self._distance(top, seed)))
            pairs.append((top, opponent))
            unpaired = [seed for seed in rest if seed != opponent]
        return pairs

    def _start(self, order: list[int]) -> None:
        self.position = {seed: i for i, seed in enumerate(order)}
        self.ideal = _fold_score_groups(order, self.points)

    def _distance(self, top: int, seed: int) -> tuple[int, int]:
        """How far seed is from top's ideal opponent: in points, then in place in the list."""
        return abs(self.points[top] - self.points[seed]), abs(self.position[seed] - self.position[self.ideal[top]])

    def _search(self, unpaired: list[int]) -> list[tuple[int, int]] | None:
        if not unpaired:
            return []
        key = frozenset(unpaired)
        if key in self.unpairable:
            return None
        top, rest = unpaired[0], unpaired[1:]
        opponents = sorted((seed for seed in rest if seed not in self.met[top]), key=lambda s: self._distance(top, s))
        for opponent in opponents:
            if self.steps <= 0:
                return None
            self.steps -= 1
            pairs = self._search([seed for seed in rest if seed != opponent])
            if pairs is not None:
                return [(top, opponent), *pairs]
        self.unpairable.add(key)
        return None


def _fold_score_groups(order: list[int], points: dict[int, int]) -> dict[int, int]:
    """Everyone's ideal opponent: top half v bottom half in each score group, odd ones floating down."""
    partner: dict[int, int] = {}
    floating: list[int] = []
    for _, group in groupby(order, key=points.__getitem__):
        members = floating + list(group)
        floating = [members.pop()] if len(members) % 2 else []
        half = len(members) // 2
        for first, second in zip(members[:half], members[half:], strict=True):
            partner[first], partner[second] = second, first
    return partner


def _check_players(players: int) -> None:
    if players < 2:
        raise ValueError("A Swiss needs at least 2 players.")


def _checked(players: int, results: Iterable[Result]) -> list[Result]:
    _check_players(players)
    results = list(results)
    for result in results:
        for seed in (result.winner, result.loser):
            if seed is not None and not 1 <= seed <= players:
                raise ValueError(f"Seed {seed} is not one of the {players} players.")
    return results


def _tally(players: int, results: Sequence[Result]) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Each seed's wins (byes included), losses and byes."""
    wins = dict.fromkeys(range(1, players + 1), 0)
    losses, byes = dict(wins), dict(wins)
    for result in results:
        wins[result.winner] += 1
        if result.is_bye:
            byes[result.winner] += 1
        else:
            losses[result.loser] += 1
    return wins, losses, byes


def _opponents(results: Sequence[Result]) -> defaultdict[int, list[int]]:
    """Everyone each seed has met, once per meeting; byes are not meetings."""
    opponents: dict[int, list[int]] = defaultdict(list)
    for result in results:
        if not result.is_bye:
            opponents[result.winner].append(result.loser)
            opponents[result.loser].append(result.winner)
    return opponents
