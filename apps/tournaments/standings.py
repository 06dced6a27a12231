"""Results and standings for the round-robin and Swiss engines: pure functions over completed matches.

Players are named by seed, as in the bracket engine. A standings table is a list, best first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class Result:
    """A completed match: its winner, its loser (None for a Swiss bye), and the games each side took."""

    winner: int
    loser: int | None
    winner_games: int = 1
    loser_games: int = 0

    def __post_init__(self):
        if self.winner == self.loser:
            raise ValueError(f"Seed {self.winner} cannot beat themself.")
        if self.winner_games < 0 or self.loser_games < 0:
            raise ValueError("Games won cannot be negative.")

    @property
    def is_bye(self) -> bool:
        return self.loser is None


def ranked(seeds: Iterable[int], merit: Callable[[int], tuple[int, ...]], results: Iterable[Result]) -> list[int]:
    """Seeds best first: by merit (bigger is better), then, among players level on merit, by wins in the
    matches between them (head to head, a mini-league when more than two are level), then by seed."""
    results = list(results)
    by_merit = sorted(seeds, key=merit, reverse=True)
    order: list[int] = []
    for _, level in groupby(by_merit, key=merit):
        tied = set(level)
        wins_among_tied = Counter(r.winner for r in results if r.winner in tied and r.loser in tied)
        order += sorted(tied, key=lambda seed: (-wins_among_tied[seed], seed))
    return order


@dataclass(frozen=True)
class RoundRobinStanding:
    seed: int
    wins: int
    losses: int
    games_won: int
    games_lost: int

    @property
    def game_difference(self) -> int:
        return self.games_won - self.games_lost


def round_robin_standings(seeds: Iterable[int], results: Iterable[Result]) -> list[RoundRobinStanding]:
    """A group's table: by wins, then game difference, then head to head, then seed.

    Only the results between the given seeds count, so one group's table can be drawn from the whole
    stage's results.
    """
    seeds = list(seeds)
    members = set(seeds)
    among = [r for r in results if r.winner in members and r.loser in members]
    wins, losses, games_won, games_lost = Counter(), Counter(), Counter(), Counter()
    for result in among:
        wins[result.winner] += 1
        losses[result.loser] += 1
        games_won[result.winner] += result.winner_games
        games_lost[result.winner] += result.loser_games
        games_won[result.loser] += result.loser_games
        games_lost[result.loser] += result.winner_games
    table = {
        seed: RoundRobinStanding(seed, wins[seed], losses[seed], games_won[seed], games_lost[seed]) for seed in seeds
    }
    order = ranked(seeds, lambda seed: (table[seed].wins, table[seed].game_difference), among)
    return [table[seed] for seed in order]
