"""The Swiss engine, specified: score-group pairings, no avoidable rematch, byes, Buchholz standings."""

import random
from collections import Counter

import pytest

from apps.tournaments.standings import Result
from apps.tournaments.swiss import SwissRound, max_rounds, recommended_rounds, swiss_round, swiss_standings


def pairs_of(round_: SwissRound) -> list[tuple[int, int]]:
    return [(match.slots[0].seed, match.slots[1].seed) for match in round_.matches]


def played(round_: SwissRound, winners: set[int]) -> list[Result]:
    """The round's results: the second-listed player wins if in winners, the first otherwise."""
    results = [Result(*(pair if pair[1] not in winners else pair[::-1])) for pair in pairs_of(round_)]
    return results + ([Result(round_.bye, None)] if round_.bye else [])


def rematch_free_pairing_exists(players: int, results: list[Result]) -> bool:
    """Brute force, for small fields: could this round be paired with no rematch (any bye candidate)?"""
    met = {frozenset((r.winner, r.loser)) for r in results if r.loser is not None}
    byes = Counter(r.winner for r in results if r.loser is None)
    seeds = list(range(1, players + 1))

    def pairable(left: list[int]) -> bool:
        if not left:
            return True
        top, rest = left[0], left[1:]
        return any(frozenset((top, other)) not in met and pairable([s for s in rest if s != other]) for other in rest)

    if players % 2 == 0:
        return pairable(seeds)
    fewest = min(byes[seed] for seed in seeds)
    return any(pairable([s for s in seeds if s != bye]) for bye in seeds if byes[bye] == fewest)


@pytest.mark.parametrize(
    ("players", "rounds"), [(2, 1), (3, 2), (4, 2), (5, 3), (8, 3), (9, 4), (16, 4), (64, 6), (65, 7), (256, 8)]
)
def test_recommended_rounds_is_the_ceiling_of_log2(players, rounds):
    assert recommended_rounds(players) == rounds


def test_at_most_as_many_rounds_as_a_round_robin():
    assert (max_rounds(2), max_rounds(5), max_rounds(8)) == (1, 5, 7)
    with pytest.raises(ValueError, match="A Swiss of 8 players has rounds 1 to 7, not 8"):
        swiss_round(8, 8, [])
    with pytest.raises(ValueError, match="rounds 1 to 7, not 0"):
        swiss_round(8, 0, [])
    with pytest.raises(ValueError, match="at least 2 players"):
        recommended_rounds(1)
    with pytest.raises(ValueError, match="Seed 9 is not one of the 8 players"):
        swiss_round(8, 2, [Result(9, 1)])


def test_round_one_pairs_the_top_half_against_the_bottom_half():
    first = swiss_round(8, 1, [])
    assert pairs_of(first) == [(1, 5), (2, 6), (3, 7), (4, 8)]
    assert first.bye is None
    assert [match.id for match in first.matches] == ["S1-M1", "S1-M2", "S1-M3", "S1-M4"]
    assert {(match.bracket, match.round, match.round_name) for match in first.matches} == {("swiss", 1, "Round 1")}
    assert [slot.label for slot in first.matches[0].slots] == ["Seed 1", "Seed 5"]


def test_later_rounds_pair_within_score_groups():
    results = played(swiss_round(8, 1, []), winners={1, 2, 3, 4})
    second = swiss_round(8, 2, results)
    assert pairs_of(second) == [(1, 3), (2, 4), (5, 7), (6, 8)]
    assert [match.id for match in second.matches] == ["S2-M1", "S2-M2", "S2-M3", "S2-M4"]
    # Upsets: 6 and 7 win, so the one-point group is 1 4 6 7 and the zero-point group 2 3 5 8.
    results = played(swiss_round(8, 1, []), winners={1, 6, 7, 4})
    assert pairs_of(swiss_round(8, 2, results)) == [(1, 6), (4, 7), (2, 5), (3, 8)]


def test_an_odd_score_group_sends_its_lowest_player_down():
    # After round 1 of six, 1 2 3 have won: 1 v 2, and 3 floats down to the zero-point group 4 5 6,
    # whose top half (3 4) meets its bottom half (5 6).
    results = played(swiss_round(6, 1, []), winners={1, 2, 3})
    assert pairs_of(swiss_round(6, 2, results)) == [(1, 2), (3, 5), (4, 6)]


def test_a_rematch_is_avoided_by_the_nearest_other_pairing():
    # Round 1: 1 v 3, 2 v 4; round 2: 1 v 2, 3 v 4. Round 3's score order 1, 2, 3, 4 would fold to
    # 1 v 2 again; the only pairing without a rematch is 1 v 4, 2 v 3.
    results = played(swiss_round(4, 1, []), winners={1, 2})
    second = swiss_round(4, 2, results)
    assert pairs_of(second) == [(1, 2), (3, 4)]
    results += played(second, winners={1, 3})
    assert pairs_of(swiss_round(4, 3, results)) == [(1, 4), (2, 3)]


def test_the_bye_goes_to_the_lowest_placed_player_without_one_and_counts_as_a_win():
    first = swiss_round(5, 1, [])
    assert (first.bye, pairs_of(first)) == (5, [(1, 3), (2, 4)])
    results = played(first, winners={3, 2})
    # Points: 2, 3 and 5 (the bye) have one, 1 and 4 none: 4 is the lowest placed without a bye.
    second = swiss_round(5, 2, results)
    assert second.bye == 4
    assert {standing.seed: standing.points for standing in swiss_standings(5, results)} == {
        1: 0,
        2: 1,
        3: 1,
        4: 0,
        5: 1,
    }


@pytest.mark.parametrize("players", [3, 5, 7, 9])
def test_over_a_full_cycle_every_player_has_exactly_one_bye(players):
    results: list[Result] = []
    rng = random.Random(players)
    for round_number in range(1, max_rounds(players) + 1):
        current = swiss_round(players, round_number, results)
        results += played(current, winners={rng.randint(1, players) for _ in range(players)})
    assert Counter(r.winner for r in results if r.loser is None) == Counter(range(1, players + 1))


@pytest.mark.parametrize("players", range(4, 65))
def test_recommended_rounds_never_rematch_while_avoidable_nor_double_book_anyone(players):
    for trial in range(8):
        rng = random.Random(1000 * players + trial)
        results: list[Result] = []
        met: set[frozenset[int]] = set()
        byes: Counter = Counter()
        for round_number in range(1, recommended_rounds(players) + 1):
            current = swiss_round(players, round_number, results)
            seats = [seed for pair in pairs_of(current) for seed in pair] + ([current.bye] if current.bye else [])
            assert sorted(seats) == list(range(1, players + 1)), "everyone plays once, or has the bye"
            assert (current.bye is not None) == (players % 2 == 1)
            rematches = [pair for pair in pairs_of(current) if frozenset(pair) in met]
            if rematches:
                assert not rematch_free_pairing_exists(players, results), f"avoidable rematch {rematches}"
            met |= {frozenset(pair) for pair in pairs_of(current)}
            byes[current.bye] += current.bye is not None
            results += played(current, winners={seed for seed in range(1, players + 1) if rng.random() < 0.5})
        assert all(count <= 1 for count in byes.values()), "nobody has two byes"


def test_a_large_field_pairs_quickly_and_without_rematches():
    rng = random.Random(256)
    results: list[Result] = []
    met: set[frozenset[int]] = set()
    for round_number in range(1, 13):
        current = swiss_round(255, round_number, results)
        assert not any(frozenset(pair) in met for pair in pairs_of(current))
        met |= {frozenset(pair) for pair in pairs_of(current)}
        results += played(current, winners={seed for seed in range(1, 256) if rng.random() < 0.5})


# Standings


def test_buchholz_of_a_hand_worked_eight_player_swiss():
    results = [
        *[Result(1, 5), Result(6, 2), Result(3, 7), Result(8, 4)],  # round 1
        *[Result(1, 8), Result(3, 6), Result(2, 7), Result(5, 4)],  # round 2
        *[Result(6, 1), Result(3, 2), Result(8, 5), Result(4, 7)],  # round 3
    ]
    # Points: 3 has 3; 1, 6, 8 have 2; 2, 4, 5 have 1; 7 none. Buchholz sums the opponents' points:
    # 1 met 5 8 6 (1+2+2=5), 2 met 6 7 3 (2+0+3=5), 3 met 7 6 2 (0+2+1=3), 4 met 8 5 7 (2+1+0=3),
    # 5 met 1 4 8 (2+1+2=5), 6 met 2 3 1 (1+3+2=6), 7 met 3 2 4 (3+1+1=5), 8 met 4 1 5 (1+2+1=4).
    table = [(s.seed, s.wins, s.losses, s.points, s.buchholz) for s in swiss_standings(8, results)]
    assert table == [
        (3, 3, 0, 3, 3),
        (6, 2, 1, 2, 6),
        (1, 2, 1, 2, 5),
        (8, 2, 1, 2, 4),
        (2, 1, 2, 1, 5),  # level with 5 on points and Buchholz; they never met, so the seed decides
        (5, 1, 2, 1, 5),
        (4, 1, 2, 1, 3),
        (7, 0, 3, 0, 5),
    ]


def test_level_on_points_and_buchholz_head_to_head_decides():
    results = [Result(1, 3), Result(2, 4), Result(2, 1), Result(3, 4), Result(3, 2), Result(4, 1)]
    # 2 and 3 have 2 points and Buchholz 4, and 3 beat 2; 4 and 1 have 1 point and Buchholz 5, and 4 beat 1.
    table = [(s.seed, s.points, s.buchholz) for s in swiss_standings(4, results)]
    assert table == [(3, 2, 4), (2, 2, 4), (4, 1, 5), (1, 1, 5)]


def test_a_bye_scores_a_win_but_adds_no_opponent_to_buchholz():
    first = swiss_round(3, 1, [])
    assert (first.bye, pairs_of(first)) == (3, [(1, 2)])
    results = played(first, winners={1})
    second = swiss_round(3, 2, results)
    assert (second.bye, pairs_of(second)) == (2, [(1, 3)])
    results += played(second, winners={3})
    table = [(s.seed, s.wins, s.losses, s.byes, s.points, s.buchholz) for s in swiss_standings(3, results)]
    # 3: a bye and a win over 1 (Buchholz 1); 1: beat 2, lost to 3 (1+2=3); 2: lost to 1, a bye (1).
    assert table == [(3, 2, 0, 1, 2, 1), (1, 1, 1, 0, 1, 3), (2, 1, 1, 1, 1, 1)]
