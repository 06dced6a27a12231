"""Best-of series: who won, from the games' scores, or why the scores make no series."""

from __future__ import annotations

from collections.abc import Sequence

BEST_OF = (1, 3, 5)
# A game's score beyond this is a typo, not a game.
MAX_GAME_SCORE = 1000


class InvalidSeries(ValueError):
    """The reported games do not make a finished best-of series; the message says why, for the player."""


def games_winner(games: Sequence[Sequence[int]], best_of: int) -> int:
    """0 if side A won the series, 1 if side B did.

    games: each game's (A's score, B's score) in the order played. A side wins the series with
    best_of // 2 + 1 game wins; no game may be tied, and none may follow the game that decided it.
    """
    if best_of not in BEST_OF:
        raise InvalidSeries(f"A series is best of 1, 3 or 5, not {best_of}.")
    needed = best_of // 2 + 1
    wins = [0, 0]
    decided_after: int | None = None
    for number, game in enumerate(games, start=1):
        a, b = _scores(number, game)
        if a == b:
            raise InvalidSeries(f"Game {number} is tied {a}–{b}; every game needs a winner.")
        wins[0 if a > b else 1] += 1
        if decided_after is None and max(wins) == needed:
            decided_after = number
    if max(wins) < needed or min(wins) >= needed:
        raise InvalidSeries(f"A best-of-{best_of} needs one player to win {needed} game{'s' * (needed > 1)}.")
    if decided_after != len(games):
        raise InvalidSeries(f"Game {decided_after + 1} was played after the series was decided.")
    return 0 if wins[0] > wins[1] else 1


def _scores(number: int, game: Sequence[int]) -> tuple[int, int]:
    if (
        not isinstance(game, list | tuple)
        or len(game) != 2
        or not all(type(score) is int for score in game)
        or not all(0 <= score <= MAX_GAME_SCORE for score in game)
    ):
        raise InvalidSeries(f"Game {number}'s score must be two whole numbers from 0 to {MAX_GAME_SCORE}.")
    return game[0], game[1]
