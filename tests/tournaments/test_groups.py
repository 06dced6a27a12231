"""Round robin with groups and round-robin standings, specified (cases after brackets-manager.js's suite)."""

from collections import Counter
from itertools import combinations

import pytest

from apps.tournaments.brackets import Match, round_robin, round_robin_groups
from apps.tournaments.standings import Result, round_robin_standings


def seeds_by_group(matches: list[Match]) -> dict[int, list[int]]:
    groups: dict[int, set[int]] = {}
    for match in matches:
        groups.setdefault(match.group, set()).update(slot.seed for slot in match.slots)
    return {group: sorted(seeds) for group, seeds in sorted(groups.items())}


@pytest.mark.parametrize(
    ("players", "groups", "expected"),
    [
        (8, 4, [[1, 8], [2, 7], [3, 6], [4, 5]]),
        (16, 4, [[1, 8, 9, 16], [2, 7, 10, 15], [3, 6, 11, 14], [4, 5, 12, 13]]),
        (8, 2, [[1, 4, 5, 8], [2, 3, 6, 7]]),
        (7, 3, [[1, 6, 7], [2, 5], [3, 4]]),
        (9, 2, [[1, 4, 5, 8, 9], [2, 3, 6, 7]]),
    ],
)
def test_players_are_snake_seeded_into_groups(players, groups, expected):
    assert list(seeds_by_group(round_robin_groups(players, groups)).values()) == expected


def test_eight_players_in_two_groups_play_six_rounds_and_twelve_matches():
    matches = round_robin_groups(8, 2)
    assert len({(match.group, match.round) for match in matches}) == 6
    assert len(matches) == 12


def test_sixteen_players_in_four_groups_play_twelve_rounds_and_twenty_four_matches():
    matches = round_robin_groups(16, 4)
    assert len({(match.group, match.round) for match in matches}) == 4 * 3
    assert len(matches) == 4 * 3 * 2


def test_group_match_ids_carry_the_group_letter():
    matches = round_robin_groups(8, 2)
    assert [match.id for match in matches[:3]] == ["A-R1-M1", "A-R1-M2", "A-R2-M1"]
    assert {match.id[0]: match.group for match in matches} == {"A": 1, "B": 2}
    assert [slot.label for slot in matches[0].slots] == ["Seed 1", "Seed 8"]
    assert {match.bracket for match in matches} == {"round_robin"}


def test_a_round_robin_without_groups_keeps_its_ids_and_group_zero():
    matches = round_robin(4)
    assert [match.id for match in matches] == ["R1-M1", "R1-M2", "R2-M1", "R2-M2", "R3-M1", "R3-M2"]
    assert {match.group for match in matches} == {0}


@pytest.mark.parametrize("players", range(2, 65))
def test_every_split_into_groups_plays_a_full_round_robin_in_each(players):
    for groups in range(1, min(players // 2, 26) + 1):
        matches = round_robin_groups(players, groups)
        members = seeds_by_group(matches)
        assert sorted(seed for seeds in members.values() for seed in seeds) == list(range(1, players + 1))
        sizes = [len(seeds) for seeds in members.values()]
        assert len(sizes) == groups
        assert max(sizes) - min(sizes) <= 1
        for group, seeds in members.items():
            in_group = [match for match in matches if match.group == group]
            assert len(in_group) == len(seeds) * (len(seeds) - 1) // 2
            pairs = Counter(frozenset(slot.seed for slot in match.slots) for match in in_group)
            assert pairs == Counter(frozenset(pair) for pair in combinations(seeds, 2))
            for round_number in {match.round for match in in_group}:
                playing = [slot.seed for m in in_group if m.round == round_number for slot in m.slots]
                assert len(playing) == len(set(playing)), f"someone plays twice in a round of group {group}"
        assert len({match.id for match in matches}) == len(matches)


@pytest.mark.parametrize(
    ("players", "groups", "message"),
    [
        (8, 0, "A round robin has from 1 to 26 groups, not 0."),
        (64, 27, "A round robin has from 1 to 26 groups, not 27."),
        (7, 4, "4 groups need at least 8 players, 2 a group."),
        (1, 1, "1 groups need at least 2 players, 2 a group."),
    ],
)
def test_a_group_needs_two_players_and_a_letter(players, groups, message):
    with pytest.raises(ValueError, match=message):
        round_robin_groups(players, groups)


# Round-robin standings


def test_standings_of_brackets_manager_toornament_example():
    # POCEBLO (1), twitch.tv/mrs_fly (2), Ballec Squad (3), AQUELLEHEURE?! (4): scores as games.
    results = [
        Result(1, 4, 16, 9),
        Result(2, 3, 16, 3),
        Result(2, 4, 16, 0),
        Result(1, 3, 16, 2),
        Result(3, 4, 16, 12),
        Result(1, 2, 16, 4),
    ]
    table = [
        (s.seed, s.wins, s.losses, s.games_won, s.games_lost, s.game_difference)
        for s in round_robin_standings([1, 2, 3, 4], results)
    ]
    assert table == [
        (1, 3, 0, 48, 15, 33),
        (2, 2, 1, 36, 19, 17),
        (3, 1, 2, 21, 44, -23),
        (4, 0, 3, 21, 48, -27),
    ]


def test_level_on_wins_the_game_difference_decides():
    results = [Result(1, 3, 2, 0), Result(2, 3, 2, 1), Result(2, 1, 2, 1)]
    results += [Result(1, 4, 2, 0), Result(4, 2, 2, 0), Result(3, 4, 2, 0)]
    # 1 and 2 both have two wins; 1 is +3 (5-2), 2 is +0 (4-4) although 2 beat 1.
    table = round_robin_standings([1, 2, 3, 4], results)
    assert [(s.seed, s.wins, s.game_difference) for s in table] == [(1, 2, 3), (2, 2, 0), (3, 1, -1), (4, 1, -2)]


def test_level_on_wins_and_game_difference_head_to_head_decides_then_seed():
    results = [Result(3, 2), Result(2, 4), Result(2, 1), Result(1, 4), Result(1, 3), Result(4, 3)]
    table = round_robin_standings([1, 2, 3, 4], results)
    assert [(s.seed, s.wins, s.game_difference) for s in table] == [(2, 2, 1), (1, 2, 1), (4, 1, -1), (3, 1, -1)]
    # A three-way tie where each beat one other: the mini-league is level too, so seeds decide.
    circle = [Result(1, 2), Result(2, 3), Result(3, 1)]
    assert [s.seed for s in round_robin_standings([3, 2, 1], circle)] == [1, 2, 3]


def test_a_group_table_counts_only_the_results_within_the_group():
    results = [Result(1, 4), Result(2, 3), Result(1, 2), Result(4, 3)]
    table = round_robin_standings([1, 4], results)
    assert [(s.seed, s.wins, s.losses) for s in table] == [(1, 1, 0), (4, 0, 1)]
    assert [(s.seed, s.wins) for s in round_robin_standings([2, 3], [])] == [(2, 0), (3, 0)]
