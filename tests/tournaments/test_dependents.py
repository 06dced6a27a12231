"""Which matches a correction reopens, specified: exactly those whose players hang on the changed result."""

import random

import pytest

from apps.tournaments.brackets import Match, double_elimination, round_robin, single_elimination
from apps.tournaments.dependents import dependents
from apps.tournaments.swiss import swiss_round


def players_of_every_match(matches: list[Match], first_slot_wins: dict[str, bool]) -> dict[str, tuple[int, int]]:
    """Plays every match (the reset too), the first slot's player winning where first_slot_wins says so."""
    players: dict[str, tuple[int, int]] = {}
    outcome: dict[str, tuple[int, int]] = {}  # match id -> (winner, loser)
    for match in matches:
        pair = tuple(
            slot.seed if slot.seed is not None else outcome[slot.source][slot.outcome == "loser"]
            for slot in match.slots
        )
        players[match.id] = pair
        outcome[match.id] = pair if first_slot_wins[match.id] else pair[::-1]
    return players


def test_four_player_double_elimination_with_reset():
    matches = double_elimination(4, grand_final="reset")
    assert dependents(matches, "W1-M1") == ["W2-M1", "L1-M1", "L2-M1", "G1-M1", "G2-M1"]
    assert dependents(matches, "W1-M2") == ["W2-M1", "L1-M1", "L2-M1", "G1-M1", "G2-M1"]
    assert dependents(matches, "W2-M1") == ["L2-M1", "G1-M1", "G2-M1"]
    assert dependents(matches, "L1-M1") == ["L2-M1", "G1-M1", "G2-M1"]
    assert dependents(matches, "L2-M1") == ["G1-M1", "G2-M1"]
    assert dependents(matches, "G1-M1") == ["G2-M1"], "changing the first grand final reopens only the reset"
    assert dependents(matches, "G2-M1") == []


def test_sixteen_player_double_elimination_with_reset_from_w1_m1():
    # W1-M1's winner goes to W2-M1, its loser to L1-M1. W2-M1's loser drops (reversed) to L2-M4 and its
    # winner to W3-M1, whose loser drops (half-shifted) to L4-M2; the losers' paths meet in L5-M1.
    matches = double_elimination(16, grand_final="reset")
    assert dependents(matches, "W1-M1") == [
        "W2-M1",
        "W3-M1",
        "W4-M1",
        "L1-M1",
        "L2-M1",
        "L2-M4",
        "L3-M1",
        "L3-M2",
        "L4-M1",
        "L4-M2",
        "L5-M1",
        "L6-M1",
        "G1-M1",
        "G2-M1",
    ]
    assert dependents(matches, "G1-M1") == ["G2-M1"]


def test_single_elimination_with_third_place():
    matches = single_elimination(8, third_place=True)
    assert dependents(matches, "W1-M1") == ["W2-M1", "W3-M1", "T1-M1"]
    assert dependents(matches, "W2-M2") == ["W3-M1", "T1-M1"]
    assert dependents(matches, "W3-M1") == []
    assert dependents(matches, "T1-M1") == []


def test_a_bye_passes_dependence_straight_through():
    # Five players: seed 1's bye sends W1-M2's winner straight to W2-M1.
    matches = double_elimination(5, grand_final="reset")
    assert dependents(matches, "W2-M2") == ["W3-M1", "L2-M1", "L3-M1", "L4-M1", "G1-M1", "G2-M1"]
    assert "W2-M2" not in dependents(matches, "W1-M2")


def test_seeded_matches_depend_on_nothing():
    assert dependents(round_robin(6), "R1-M1") == []
    assert dependents(swiss_round(8, 1, []).matches, "S1-M1") == []


def test_the_matches_may_come_in_any_order():
    matches = double_elimination(16, grand_final="reset")
    shuffled = random.Random(17).sample(matches, len(matches))
    assert set(dependents(shuffled, "W1-M1")) == set(dependents(matches, "W1-M1"))


def test_an_unknown_match_is_refused():
    with pytest.raises(ValueError, match="There is no match W9-M1"):
        dependents(single_elimination(4), "W9-M1")


@pytest.mark.parametrize("players", [*range(2, 33), 48, 64])
def test_a_match_depends_exactly_when_a_slot_comes_from_the_change_or_a_dependent(players):
    matches = double_elimination(players, grand_final="reset")
    for changed in matches:
        reached = set(dependents(matches, changed.id))
        for match in matches:
            fed = any(slot.source in reached | {changed.id} for slot in match.slots)
            assert (match.id in reached) == fed, f"{match.id} after a change to {changed.id}"


@pytest.mark.parametrize("players", [4, 7, 16, 23, 32])
def test_flipping_a_result_changes_players_only_in_its_dependents(players):
    matches = double_elimination(players, grand_final="reset")
    rng = random.Random(players)
    for changed in matches:
        picks = {match.id: rng.random() < 0.5 for match in matches}
        before = players_of_every_match(matches, picks)
        after = players_of_every_match(matches, {**picks, changed.id: not picks[changed.id]})
        moved = {match_id for match_id in before if before[match_id] != after[match_id]}
        reached = set(dependents(matches, changed.id))
        assert moved <= reached
        # The changed match's own winner and loser always land in its direct dependents.
        direct = {m.id for m in matches if any(slot.source == changed.id for slot in m.slots)}
        assert direct <= moved
