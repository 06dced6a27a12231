"""Best-of completion, specified: who won a series, and why a set of game scores is not a finished series."""

import pytest

from apps.tournaments.best_of import InvalidSeries, games_winner

A_WINS, B_WINS = (11, 7), (4, 11)


@pytest.mark.parametrize(
    ("best_of", "games", "winner"),
    [
        (1, [A_WINS], 0),
        (1, [B_WINS], 1),
        (1, [(1, 0)], 0),
        (3, [A_WINS, A_WINS], 0),
        (3, [B_WINS, A_WINS, B_WINS], 1),
        (3, [A_WINS, B_WINS, A_WINS], 0),
        (5, [B_WINS, B_WINS, B_WINS], 1),
        (5, [A_WINS, B_WINS, A_WINS, B_WINS, A_WINS], 0),
        (5, [B_WINS, A_WINS, A_WINS, A_WINS], 0),
        (5, [(0, 1000), (1000, 999), (0, 3), (2, 3)], 1),
    ],
)
def test_the_side_that_wins_a_majority_of_games_wins_the_series(best_of, games, winner):
    assert games_winner(games, best_of) == winner


@pytest.mark.parametrize(
    ("best_of", "games", "message"),
    [
        (3, [A_WINS, B_WINS, A_WINS, B_WINS], "A best-of-3 needs one player to win 2 games."),
        (3, [A_WINS], "A best-of-3 needs one player to win 2 games."),
        (3, [A_WINS, B_WINS], "A best-of-3 needs one player to win 2 games."),
        (5, [A_WINS, A_WINS, B_WINS, B_WINS], "A best-of-5 needs one player to win 3 games."),
        (1, [], "A best-of-1 needs one player to win 1 game."),
        (1, [A_WINS, B_WINS], "A best-of-1 needs one player to win 1 game."),
        (3, [], "A best-of-3 needs one player to win 2 games."),
    ],
)
def test_scores_without_a_series_winner_are_refused(best_of, games, message):
    with pytest.raises(InvalidSeries) as refused:
        games_winner(games, best_of)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("best_of", "games", "extra_game"),
    [
        (3, [A_WINS, A_WINS, B_WINS], 3),
        (3, [A_WINS, A_WINS, A_WINS], 3),
        (3, [A_WINS, A_WINS, B_WINS, A_WINS], 3),
        (5, [B_WINS, B_WINS, B_WINS, A_WINS], 4),
        (5, [A_WINS, B_WINS, A_WINS, A_WINS, B_WINS], 5),
    ],
)
def test_no_game_may_follow_the_one_that_decided_the_series(best_of, games, extra_game):
    with pytest.raises(InvalidSeries) as refused:
        games_winner(games, best_of)
    assert str(refused.value) == f"Game {extra_game} was played after the series was decided."


def test_a_tied_game_is_refused():
    with pytest.raises(InvalidSeries) as refused:
        games_winner([A_WINS, (5, 5), A_WINS], 3)
    assert str(refused.value) == "Game 2 is tied 5–5; every game needs a winner."


@pytest.mark.parametrize(
    "game",
    [(-1, 3), (3, -1), (1001, 3), (3, 1001), (True, 0), (2.0, 1), ("11", "7"), (11,), (11, 7, 3), "11-7", 11, None],
)
def test_a_score_must_be_two_whole_numbers_from_0_to_1000(game):
    with pytest.raises(InvalidSeries) as refused:
        games_winner([A_WINS, game], 3)
    assert str(refused.value) == "Game 2's score must be two whole numbers from 0 to 1000."


@pytest.mark.parametrize("best_of", [0, 2, 4, 7, -3])
def test_a_series_is_best_of_one_three_or_five(best_of):
    with pytest.raises(InvalidSeries) as refused:
        games_winner([A_WINS], best_of)
    assert str(refused.value) == f"A series is best of 1, 3 or 5, not {best_of}."


def test_an_invalid_series_is_a_value_error():
    assert issubclass(InvalidSeries, ValueError)
