"""Dividing a pool: the cut and each prize rounded down, shared places sharing, first place the rest."""

import pytest

from apps.tournaments.prizes import divide_pool


def test_a_pool_of_1000_with_a_10_percent_cut_by_60_30_10():
    payout = divide_pool(pool=1000, cut_percent=10, split=[60, 30, 10], places=[(1, 1), (2, 2), (3, 3), (4, 4)])
    assert (payout.cut, payout.prizes) == (100, {1: 540, 2: 270, 3: 90, 4: 0})


def test_a_pool_of_7_coins():
    payout = divide_pool(pool=7, cut_percent=10, split=[60, 30, 10], places=[(1, 1), (2, 2), (3, 3)])
    # Cut 0; 4, 2, 0 rounded down; the 1 left to first.
    assert (payout.cut, payout.prizes) == (0, {1: 5, 2: 2, 3: 0})


def test_players_sharing_a_place_share_the_places_they_cover():
    """Two third places (no third-place match) share third's and fourth's prizes; the odd coin goes to first."""
    payout = divide_pool(pool=101, cut_percent=0, split=[50, 30, 15, 5], places=[(1, 1), (2, 2), (3, 3), (4, 3)])
    # 50, 30, 15 + 5 = 20 shared: 10 each; 101 - 100 = 1 more to first.
    assert payout.prizes == {1: 51, 2: 30, 3: 10, 4: 10}


@pytest.mark.parametrize("pool", [0, 1, 99, 1001, 123_457])
def test_every_coin_is_accounted_for(pool):
    payout = divide_pool(pool=pool, cut_percent=13, split=[45, 35, 20], places=[(7, 1), (8, 2), (9, 3)])
    assert payout.cut + sum(payout.prizes.values()) == pool


def test_there_is_always_a_first_place():
    with pytest.raises(ValueError, match="first place"):
        divide_pool(pool=10, cut_percent=10, split=[100], places=[(1, 2)])
