"""The bracket engine, specified: seeding, byes, match counts, hints, and whole tournaments played out."""

import random
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.tournaments.brackets import (
    Match,
    bracket_size,
    double_elimination,
    needs_reset,
    round_robin,
    seeding_order,
    single_elimination,
)

PLAYER_COUNTS = range(2, 65)
POWERS_OF_TWO = [2, 4, 8, 16, 32, 64]


def by_id(matches: list[Match]) -> dict[str, Match]:
    return {match.id: match for match in matches}


def play_out(matches: list[Match], pick_winner) -> tuple[dict[str, tuple[int, int]], Counter]:
    """Plays every match in order (the reset only when needed): each match's (winner, loser), and losses.

    pick_winner(match, players) names the winner of one of the two players.
    """
    players_of: dict[str, list[int]] = {}
    results: dict[str, tuple[int, int]] = {}
    losses: Counter = Counter()
    for match in matches:
        if match.conditional:
            first_final = match.slots[0].source
            came_from = "winners" if results[first_final][0] == players_of[first_final][0] else "losers"
            if not needs_reset(came_from):
                continue
        players = [
            slot.seed if slot.seed is not None else results[slot.source][0 if slot.outcome == "winner" else 1]
            for slot in match.slots
        ]
        assert players[0] != players[1], f"{match.id} puts a player against themself"
        winner = pick_winner(match, players)
        loser = players[1] if winner == players[0] else players[0]
        players_of[match.id] = players
        results[match.id] = (winner, loser)
        losses[loser] += 1
    return results, losses


def favourite(match: Match, players: list[int]) -> int:
    return min(players)


def losers_champion_takes_the_first_final(match: Match, players: list[int]) -> int:
    return players[1] if match.id == "G1-M1" else min(players)


# Seeding


def test_seeding_order_pairs_the_best_with_the_worst_in_bracket_order():
    assert seeding_order(2) == [1, 2]
    assert seeding_order(4) == [1, 4, 2, 3]
    assert seeding_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    assert seeding_order(16) == [1, 16, 8, 9, 4, 13, 5, 12, 2, 15, 7, 10, 3, 14, 6, 11]


@pytest.mark.parametrize("size", POWERS_OF_TWO)
def test_the_top_seeds_are_spread_so_they_meet_as_late_as_possible(size):
    order = seeding_order(size)
    assert sorted(order) == list(range(1, size + 1))
    assert {order[i] + order[i + 1] for i in range(0, size, 2)} == {size + 1}
    # The best 2^k seeds land in 2^k different sections of size/2^k: 1 and 2 in opposite halves,
    # the best four in four quarters, and so on.
    sections = 2
    while sections <= size:
        width = size // sections
        section_of = {seed: order.index(seed) // width for seed in range(1, sections + 1)}
        assert len(set(section_of.values())) == sections
        sections *= 2


@pytest.mark.parametrize(("players", "size"), [(2, 2), (3, 4), (4, 4), (5, 8), (17, 32), (33, 64), (64, 64)])
def test_bracket_size_is_the_next_power_of_two(players, size):
    assert bracket_size(players) == size


def test_a_bracket_needs_two_players_and_a_power_of_two():
    with pytest.raises(ValueError, match="at least 2"):
        bracket_size(1)
    with pytest.raises(ValueError, match="power of two"):
        seeding_order(6)
    with pytest.raises(ValueError, match="at least 2"):
        round_robin(1)


# Single elimination


@pytest.mark.parametrize("players", PLAYER_COUNTS)
def test_byes_go_to_the_top_seeds_and_they_start_in_round_two(players):
    matches = single_elimination(players)
    byes = bracket_size(players) - players
    seeded = [(match.round, slot.seed) for match in matches for slot in match.slots if slot.seed is not None]
    assert sorted(seed for _, seed in seeded) == list(range(1, players + 1)), "every seed placed exactly once"
    assert {seed for round_number, seed in seeded if round_number == 2} == set(range(1, byes + 1))
    assert {seed for round_number, seed in seeded if round_number == 1} == set(range(byes + 1, players + 1))
    assert all(round_number <= 2 for round_number, _ in seeded)


@pytest.mark.parametrize("players", PLAYER_COUNTS)
@pytest.mark.parametrize("third_place", [False, True])
def test_no_playable_match_has_a_bye_and_every_source_is_a_playable_match(players, third_place):
    matches = single_elimination(players, third_place=third_place)
    ids = {match.id for match in matches}
    slots = [slot for match in matches for slot in match.slots]
    assert not any(slot.is_bye for slot in slots)
    assert {slot.source for slot in slots if slot.source is not None} <= ids


@pytest.mark.parametrize("players", PLAYER_COUNTS)
def test_single_elimination_has_one_match_per_eliminated_player(players):
    assert len(single_elimination(players)) == players - 1
    # Third place needs two semifinal losers; with three players one semifinal is a bye.
    assert len(single_elimination(players, third_place=True)) == players - 1 + (players >= 4)


@pytest.mark.parametrize("players", PLAYER_COUNTS)
def test_seeds_one_and_two_can_only_meet_in_the_final(players):
    matches = single_elimination(players)
    results, losses = play_out(matches, favourite)
    final = matches[-1]
    assert final.round_name == "Final"
    assert results[final.id] == (1, 2)
    assert losses[1] == 0
    assert sum(losses.values()) == players - 1
    assert all(count == 1 for count in losses.values())


def test_round_names_count_the_players_left():
    names = [match.round_name for match in single_elimination(32)]
    assert list(dict.fromkeys(names)) == ["Round of 32", "Round of 16", "Quarterfinals", "Semifinals", "Final"]
    names = [match.round_name for match in single_elimination(5, third_place=True)]
    assert list(dict.fromkeys(names)) == ["Quarterfinals", "Semifinals", "Final", "Third-place match"]


def test_empty_slots_carry_hints_and_a_bye_sends_its_player_straight_on():
    matches = by_id(single_elimination(6, third_place=True))
    assert [slot.label for slot in matches["W1-M2"].slots] == ["Seed 4", "Seed 5"]
    assert "W1-M1" not in matches, "seed 1's bye is not a playable match"
    assert [slot.label for slot in matches["W2-M1"].slots] == ["Seed 1", "Winner of W1-M2"]
    assert [slot.label for slot in matches["W3-M1"].slots] == ["Winner of W2-M1", "Winner of W2-M2"]
    assert [slot.label for slot in matches["T1-M1"].slots] == ["Loser of W2-M1", "Loser of W2-M2"]


# Double elimination


@pytest.mark.parametrize("players", POWERS_OF_TWO)
def test_double_elimination_of_a_full_bracket_has_two_n_minus_two_matches(players):
    assert len(double_elimination(players, grand_final="single")) == 2 * players - 2
    with_reset = double_elimination(players, grand_final="reset")
    assert len([match for match in with_reset if not match.conditional]) == 2 * players - 2
    assert [match.id for match in with_reset if match.conditional] == ["G2-M1"]


@pytest.mark.parametrize("players", PLAYER_COUNTS)
def test_double_elimination_counts_with_byes(players):
    # Each playable match knocks one player out of its bracket: N - 1 in the winners' bracket,
    # and the N - 1 who drop into the losers' bracket leave one champion after N - 2.
    for grand_final, finals in [("none", 0), ("single", 1), ("reset", 2)]:
        matches = double_elimination(players, grand_final=grand_final)
        counts = Counter(match.bracket for match in matches)
        assert (counts["winners"], counts["losers"], counts["grand_final"]) == (players - 1, players - 2, finals)
        assert sum(match.conditional for match in matches) == (grand_final == "reset")
        assert not any(slot.is_bye for match in matches for slot in match.slots)
        ids = {match.id for match in matches}
        assert {slot.source for match in matches for slot in match.slots if slot.source} <= ids


@settings(max_examples=60, deadline=None)
@given(players=st.integers(2, 64), rng=st.randoms(use_true_random=False))
def test_a_double_elimination_played_out_eliminates_everyone_on_their_second_loss(players, rng: random.Random):
    matches = double_elimination(players, grand_final="reset")
    _, losses = play_out(matches, lambda match, pair: rng.choice(pair))
    champions = [seed for seed in range(1, players + 1) if losses[seed] < 2]
    assert len(champions) == 1
    assert all(losses[seed] == 2 for seed in range(1, players + 1) if seed not in champions)


@pytest.mark.parametrize("players", [2, 3, 8, 13])
def test_the_reset_is_played_only_when_the_losers_champion_wins_the_first_final(players):
    matches = double_elimination(players, grand_final="reset")
    final, reset = matches[-2], matches[-1]
    assert (final.round_name, reset.round_name, reset.conditional) == ("Grand Final", "Grand Final Reset", True)
    assert [slot.label for slot in reset.slots] == ["Winner of G1-M1", "Loser of G1-M1"]
    assert needs_reset("losers") is True
    assert needs_reset("winners") is False
    results, _ = play_out(matches, favourite)
    assert reset.id not in results
    results, losses = play_out(matches, losers_champion_takes_the_first_final)
    assert results[reset.id] == (1, results[final.id][0]), "seed 1 lost once and wins the reset"
    assert losses[1] == 1


# The first losers' round where two players can meet again, for each full bracket size.
FIRST_POSSIBLE_REMATCH = {4: 2, 8: 3, 16: 4, 32: 5, 64: 7}


@pytest.mark.parametrize(("players", "first_rematch_round"), FIRST_POSSIBLE_REMATCH.items())
def test_losers_drop_in_an_order_that_puts_rematches_off(players, first_rematch_round):
    matches = double_elimination(players, grand_final="none")
    for trial in range(100):
        rng = random.Random(trial)
        results, _ = play_out(matches, lambda match, pair, rng=rng: rng.choice(pair))
        met: set[frozenset[int]] = set()
        for match in matches:
            pair = frozenset(results[match.id])
            if match.bracket == "losers" and match.round < first_rematch_round:
                assert pair not in met, f"{match.id} is a rematch"
            met.add(pair)


def test_losers_drop_in_order():
    matches = by_id(double_elimination(8, grand_final="single"))
    assert [slot.label for slot in matches["L1-M1"].slots] == ["Loser of W1-M1", "Loser of W1-M2"]
    assert [slot.label for slot in matches["L2-M1"].slots] == ["Winner of L1-M1", "Loser of W2-M2"]
    assert [slot.label for slot in matches["L2-M2"].slots] == ["Winner of L1-M2", "Loser of W2-M1"]
    assert [slot.label for slot in matches["L4-M1"].slots] == ["Winner of L3-M1", "Loser of W3-M1"]
    assert [slot.label for slot in matches["G1-M1"].slots] == ["Winner of W3-M1", "Winner of L4-M1"]
    names = list(dict.fromkeys(match.round_name for match in matches.values()))
    assert names == [
        "Winners' Round 1",
        "Winners' Round 2",
        "Winners' Final",
        "Losers' Round 1",
        "Losers' Round 2",
        "Losers' Round 3",
        "Losers' Final",
        "Grand Final",
    ]


def test_two_players_in_double_elimination_meet_again_in_the_grand_final():
    matches = double_elimination(2, grand_final="reset")
    assert [match.id for match in matches] == ["W1-M1", "G1-M1", "G2-M1"]
    assert [slot.label for slot in matches[1].slots] == ["Winner of W1-M1", "Loser of W1-M1"]


# Round robin


@pytest.mark.parametrize("players", range(2, 33))
def test_round_robin_pairs_everyone_once_and_nobody_twice_in_a_round(players):
    matches = round_robin(players)
    pairs = [frozenset(slot.seed for slot in match.slots) for match in matches]
    assert len(matches) == players * (players - 1) // 2
    assert Counter(pairs) == Counter(frozenset(pair) for pair in combinations(range(1, players + 1), 2))
    rounds = sorted({match.round for match in matches})
    assert rounds == list(range(1, players + players % 2))
    sitting_out: Counter = Counter()
    for round_number in rounds:
        playing = [slot.seed for match in matches if match.round == round_number for slot in match.slots]
        assert len(playing) == len(set(playing)), f"someone plays twice in round {round_number}"
        sitting_out.update(set(range(1, players + 1)) - set(playing))
        assert len(playing) == players - players % 2
    assert sitting_out == (Counter(range(1, players + 1)) if players % 2 else Counter())


@pytest.mark.parametrize(("players", "first_to_drop"), [(16, "W3-M2"), (32, "W3-M3")])
def test_the_second_drop_is_half_shifted(players, first_to_drop):
    matches = by_id(double_elimination(players))
    assert [slot.label for slot in matches["L4-M1"].slots] == ["Winner of L3-M1", f"Loser of {first_to_drop}"]


def test_a_bye_sends_nobody_to_the_losers_bracket():
    # Five players: seeds 1, 2 and 3 have byes, so W1-M2 (4 v 5) is the only first-round loser,
    # and the losers' bracket waits for the winners' round-two losers to give it an opponent.
    matches = by_id(double_elimination(5, grand_final="single"))
    assert [match_id for match_id in matches if match_id.startswith("L")] == ["L2-M1", "L3-M1", "L4-M1"]
    assert [slot.label for slot in matches["L2-M1"].slots] == ["Loser of W1-M2", "Loser of W2-M2"]
    assert [slot.label for slot in matches["L3-M1"].slots] == ["Winner of L2-M1", "Loser of W2-M1"]
    assert [slot.label for slot in matches["L4-M1"].slots] == ["Winner of L3-M1", "Loser of W3-M1"]
