"""The Glicko-2 engine against Glickman's worked example, the idle period, symmetry, its refusals and
its display; properties over many inputs with Hypothesis."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.tournaments.glicko2 import SCALE, Rating, display, expected_score, rate

PAPER_PLAYER = Rating(1500, 200, 0.06)
PAPER_RESULTS = [(Rating(1400, 30), 1), (Rating(1550, 100), 0), (Rating(1700, 300), 0)]


def test_the_papers_worked_example_to_four_decimals():
    after = rate(PAPER_PLAYER, PAPER_RESULTS, tau=0.5)

    # The Glicko-2 scale, as the paper states it after steps 5 and 7.
    assert round((after.rating - 1500) / SCALE, 4) == -0.2069
    assert round(after.deviation / SCALE, 4) == 0.8722
    assert after.volatility == pytest.approx(0.05999, abs=0.00001)
    # And back on the Glicko scale (step 8): r' = 1464.06, RD' = 151.52. The paper converts its
    # rounded μ' = -0.2069, so it is a hundredth away from the unrounded 1464.05.
    assert after.rating == pytest.approx(1464.06, abs=0.01)
    assert after.deviation == pytest.approx(151.52, abs=0.01)


def test_the_papers_expected_scores():
    # Step 3's E for the three opponents: 0.639, 0.432, 0.303.
    expected = [round(expected_score(PAPER_PLAYER, opponent), 3) for opponent, _score in PAPER_RESULTS]

    assert expected == [0.639, 0.432, 0.303]


def test_an_idle_period_widens_only_the_deviation():
    player = Rating(1620, 80, 0.06)

    after = rate(player, [])

    assert after.rating == 1620
    assert after.volatility == 0.06
    assert after.deviation == pytest.approx(math.sqrt((80 / SCALE) ** 2 + 0.06**2) * SCALE)
    assert after.deviation > 80


def test_a_win_and_a_loss_move_a_rating_by_mirrored_amounts_against_an_equal():
    player, equal = Rating(1500, 120, 0.06), Rating(1500, 120, 0.06)

    gain = rate(player, [(equal, 1)]).rating - 1500
    loss = rate(player, [(equal, 0)]).rating - 1500

    assert gain > 0
    assert loss < 0
    assert gain == pytest.approx(-loss, rel=1e-6)
    assert rate(player, [(equal, 0.5)]).rating == pytest.approx(1500)


def test_a_shock_raises_the_volatility_and_with_it_the_deviation_as_tau_allows():
    steady = Rating(1500, 60, 0.06)
    shock = [(Rating(1900, 40), 1)] * 5

    free, held = rate(steady, shock, tau=1.2), rate(steady, shock, tau=0.2)

    assert free.volatility > held.volatility > 0.06
    assert free.deviation > held.deviation
    assert rate(steady, [(Rating(1500, 40), 0.5)] * 5).volatility < 0.06


def test_an_upset_moves_a_rating_further_than_an_expected_win():
    player = Rating(1500, 100, 0.06)

    beating_stronger = rate(player, [(Rating(1800, 60), 1)]).rating
    beating_weaker = rate(player, [(Rating(1200, 60), 1)]).rating

    assert beating_stronger - 1500 > beating_weaker - 1500 > 0


@pytest.mark.parametrize("score", [2, -1, 0.25, float("nan"), "1"])
def test_a_score_other_than_win_draw_or_loss_is_refused(score):
    with pytest.raises(ValueError, match=r"A score must be 1 \(win\), 0.5 \(draw\) or 0 \(loss\)"):
        rate(Rating(), [(Rating(), score)])


@pytest.mark.parametrize("deviation", [0, -50, float("inf"), float("nan")])
def test_a_deviation_that_is_not_above_zero_is_refused(deviation):
    with pytest.raises(ValueError, match="A rating deviation must be a finite number above 0"):
        Rating(1500, deviation)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rating", float("nan"), "A rating must be a finite number"),
        ("volatility", 0, "A rating volatility must be a finite number above 0"),
    ],
)
def test_other_impossible_ratings_are_refused(field, value, message):
    with pytest.raises(ValueError, match=message):
        Rating(**{field: value})


@pytest.mark.parametrize("tau", [0, -0.5, float("nan")])
def test_a_system_constant_not_above_zero_is_refused(tau):
    with pytest.raises(ValueError, match="The system constant tau must be a finite number above 0"):
        rate(Rating(), [(Rating(), 1)], tau=tau)


@pytest.mark.parametrize(
    ("rating", "shown"),
    [
        (Rating(), "1500? ± 700"),
        (Rating(1464.06, 151.52), "1464? ± 303"),
        (Rating(1720.4, 110), "1720? ± 220"),
        (Rating(1720.6, 109.9), "1721 ± 220"),
        (Rating(1850, 50), "1850 ± 100"),
    ],
)
def test_display_is_the_95_percent_interval_with_a_question_mark_until_established(rating, shown):
    assert display(rating) == shown


glicko_ratings = st.builds(
    Rating,
    rating=st.floats(min_value=500, max_value=3000),
    deviation=st.floats(min_value=30, max_value=350),
    volatility=st.floats(min_value=0.03, max_value=0.1),
)
scores = st.sampled_from([0, 0.5, 1])


@given(player=glicko_ratings, results=st.lists(st.tuples(glicko_ratings, scores), min_size=1, max_size=12))
def test_playing_leaves_a_deviation_below_an_idle_periods_at_the_new_volatility(player, results):
    after = rate(player, results)

    idle = rate(Rating(player.rating, player.deviation, after.volatility), [])
    assert after.deviation < idle.deviation
    assert math.isfinite(after.rating)
    assert 0 < after.volatility < 1


@given(player=glicko_ratings, opponent=glicko_ratings)
def test_a_better_result_never_gives_a_lower_rating(player, opponent):
    loss, draw, win = (rate(player, [(opponent, score)]).rating for score in (0, 0.5, 1))

    assert loss < draw < win
