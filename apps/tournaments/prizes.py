"""Dividing a prize pool: pure arithmetic, every coin accounted for.

The platform's cut is rounded down; each place's prize is its percentage of the rest, rounded down;
players who share a place (two losing semi-finalists without a third-place match) share the prizes of
the places they cover, rounded down; whatever the rounding left, and the share of any place nobody
took, goes to first place.
"""

from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class Payout:
    cut: int
    # player id -> prize, for every placed player (0 included).
    prizes: dict[int, int]


def divide_pool(*, pool: int, cut_percent: int, split: list[int], places: list[tuple[int, int]]) -> Payout:
    """`places`: (player_id, place) with place 1 the winner; `split`: percentages by place, summing to 100."""
    cut = pool * cut_percent // 100
    rest = pool - cut
    share = [rest * percent // 100 for percent in split]
    prizes: dict[int, int] = {}
    ordered = sorted(places, key=lambda pair: pair[1])
    for place, group in groupby(ordered, key=lambda pair: pair[1]):
        players = [player for player, _ in group]
        covered = sum(share[place - 1 : place - 1 + len(players)])
        for player in players:
            prizes[player] = covered // len(players)
    if not ordered or ordered[0][1] != 1:
        raise ValueError("A finished tournament has a first place.")
    prizes[ordered[0][0]] += rest - sum(prizes.values())
    return Payout(cut=cut, prizes=prizes)
