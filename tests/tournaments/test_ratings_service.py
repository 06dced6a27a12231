"""rating_apply: Glicko-2 per match, once per result; corrections re-rate; counters, streaks, the profile's
record and the RC/SA calls."""

import pytest

from apps.accounts.models import AthleteProfile
from apps.tournaments import events, glicko2
from apps.tournaments.models import Decision, MatchStatus, Rating, RatingChange
from apps.tournaments.services.ratings import rating_apply
from tests.factories import UserFactory
from tests.tournaments.ratings_support import MatchFactory, RatingFactory, challenge_match, correct, game_type, play

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """What the service handed to the frame functions (their bodies belong to the realtime part)."""
    heard = {"rating_changed": [], "streak_reached": []}
    monkeypatch.setattr(events, "rating_changed", lambda change: heard["rating_changed"].append(change))
    monkeypatch.setattr(
        events, "streak_reached", lambda rating, *, streak: heard["streak_reached"].append((rating.player_id, streak))
    )
    return heard


def rating_of(user, code="1V1") -> Rating:
    return Rating.objects.get(player=user, game_type=game_type(code))


def test_a_first_match_rates_both_newcomers_as_one_glicko2_period():
    ana, bo = UserFactory(), UserFactory()

    play(ana, bo)

    newcomer = glicko2.Rating()
    won, lost = glicko2.rate(newcomer, [(newcomer, 1.0)]), glicko2.rate(newcomer, [(newcomer, 0.0)])
    assert (rating_of(ana).rating, rating_of(ana).deviation, rating_of(ana).volatility) == (
        won.rating,
        won.deviation,
        won.volatility,
    )
    assert (rating_of(bo).rating, rating_of(bo).deviation) == (lost.rating, lost.deviation)
    change = RatingChange.objects.get(rating=rating_of(ana))
    assert (change.won, change.rating_before, change.deviation_before, change.rating_after) == (
        True,
        1500.0,
        350.0,
        won.rating,
    )


def test_a_match_completed_twice_rates_once():
    ana, bo = UserFactory(), UserFactory()
    match = play(ana, bo)
    after_first = rating_of(ana).rating

    assert rating_apply(match=match) == []

    assert RatingChange.objects.filter(match=match).count() == 2
    assert rating_of(ana).rating == after_first
    assert (rating_of(ana).rated_matches, rating_of(ana).wins, rating_of(bo).losses) == (1, 1, 1)


def test_a_corrected_winner_rates_as_if_the_flipped_result_were_the_first():
    ana, bo = UserFactory(), UserFactory()
    match = play(ana, bo)

    rating_apply(match=correct(match, winner=bo))

    newcomer = glicko2.Rating()
    won, lost = glicko2.rate(newcomer, [(newcomer, 1.0)]), glicko2.rate(newcomer, [(newcomer, 0.0)])
    bo_rating, ana_rating = rating_of(bo), rating_of(ana)
    assert (bo_rating.rating, bo_rating.deviation, bo_rating.volatility) == (won.rating, won.deviation, won.volatility)
    assert (ana_rating.rating, ana_rating.deviation, ana_rating.volatility) == (
        lost.rating,
        lost.deviation,
        lost.volatility,
    )
    assert (bo_rating.wins, bo_rating.losses, ana_rating.wins, ana_rating.losses) == (1, 0, 0, 1)
    assert list(RatingChange.objects.filter(match=match).values_list("result_version", flat=True)) == [2, 2]


def test_a_correction_after_later_matches_keeps_their_movement_and_recounts_in_match_order():
    ana, bo, cy = UserFactory(), UserFactory(), UserFactory()
    first = play(ana, bo)
    play(ana, cy)
    before_correction = rating_of(ana)
    first_change = RatingChange.objects.get(match=first, rating=before_correction)

    rating_apply(match=correct(first, winner=bo))

    ana_rating = rating_of(ana)
    redone = RatingChange.objects.get(match=first, rating=ana_rating)
    taken_back = before_correction.rating - (first_change.rating_after - first_change.rating_before)
    assert ana_rating.rating == pytest.approx(taken_back + (redone.rating_after - redone.rating_before))
    # The first match (now a loss) completed before the win over cy: the streak is that one win.
    assert (ana_rating.wins, ana_rating.losses, ana_rating.current_streak, ana_rating.longest_win_streak) == (
        1,
        1,
        1,
        1,
    )


def test_a_reopened_match_takes_its_rating_back():
    ana, bo = UserFactory(), UserFactory()
    match = play(ana, bo)
    match.status, match.winner, match.loser = MatchStatus.READY, None, None
    match.result_version += 1
    match.save()

    assert rating_apply(match=match) == []

    for player in (ana, bo):
        rating = rating_of(player)
        assert (rating.rating, rating.deviation, rating.volatility) == (1500.0, 350.0, 0.06)
        assert (rating.rated_matches, rating.wins, rating.losses, rating.current_streak) == (0, 0, 0, 0)
    assert not RatingChange.objects.filter(match=match).exists()


@pytest.mark.parametrize("decision", [Decision.FORFEIT, Decision.DISQUALIFIED])
def test_a_result_not_played_out_rates_no_one(decision):
    ana, bo = UserFactory(), UserFactory()

    play(ana, bo, decision=decision)

    assert not Rating.objects.filter(player__in=[ana, bo]).exists()


def test_a_challenge_match_rates_in_the_challenges_game_type():
    ana, bo = UserFactory(), UserFactory()

    rating_apply(match=challenge_match(ana, bo, code="FREE_THROW"))

    assert rating_of(ana, "FREE_THROW").wins == 1
    assert not Rating.objects.filter(player=ana, game_type=game_type("1V1")).exists()


def test_streaks_counters_and_the_profile_record(calls):
    ana = UserFactory()
    for _ in range(3):
        play(ana, UserFactory())
    play(UserFactory(), ana)
    for _ in range(2):
        play(ana, UserFactory())

    rating = rating_of(ana)
    assert (rating.rated_matches, rating.wins, rating.losses) == (6, 5, 1)
    assert (rating.current_streak, rating.longest_win_streak) == (2, 3)
    profile = AthleteProfile.objects.get(user=ana)
    assert (profile.current_streak, profile.longest_win_streak, profile.career_games_played) == (2, 3, 6)


def test_the_highest_rating_counts_only_established_ratings():
    ana = UserFactory()
    play(ana, UserFactory())
    play(ana, UserFactory())
    assert rating_of(ana).rating > 1700
    assert rating_of(ana).highest_rating == 1500.0  # a newcomer's swing on a wide deviation

    Rating.objects.filter(player=ana).update(rating=1800.0, deviation=60.0)
    peak = play(ana, UserFactory())
    play(UserFactory(), ana)

    peak_rating = RatingChange.objects.get(match=peak, rating__player=ana).rating_after
    assert rating_of(ana).highest_rating == peak_rating > rating_of(ana).rating
    assert AthleteProfile.objects.get(user=ana).highest_rating == round(peak_rating)


def test_losses_count_as_a_negative_streak():
    bo = UserFactory()
    play(UserFactory(), bo)
    play(UserFactory(), bo)

    assert rating_of(bo).current_streak == -2
    assert AthleteProfile.objects.get(user=bo).current_streak == -2


def test_the_profile_keeps_the_best_of_every_game_type():
    ana = UserFactory()
    RatingFactory(player=ana, rating=1800.0, deviation=60.0)
    for _ in range(2):
        play(ana, UserFactory())
    rating_apply(match=challenge_match(UserFactory(), ana, code="FREE_THROW"))

    profile = AthleteProfile.objects.get(user=ana)
    assert profile.longest_win_streak == 2
    assert profile.career_games_played == 3
    assert profile.highest_rating == round(rating_of(ana).highest_rating) > 1800
    # The current streak is that of the game type played last.
    assert profile.current_streak == -1


def test_each_change_is_announced_and_streaks_of_3_5_and_10(calls):
    ana = UserFactory()
    matches = [play(ana, UserFactory()) for _ in range(10)]

    assert len(calls["rating_changed"]) == 20
    assert {change.match_id for change in calls["rating_changed"]} == {match.pk for match in matches}
    assert calls["streak_reached"] == [(ana.pk, 3), (ana.pk, 5), (ana.pk, 10)]


def test_applying_again_announces_nothing(calls):
    match = play(UserFactory(), UserFactory())
    calls["rating_changed"].clear()

    rating_apply(match=match)

    assert calls["rating_changed"] == []


def test_a_match_with_no_winner_yet_writes_nothing():
    match = MatchFactory(status=MatchStatus.LIVE, winner=None, loser=None)

    assert rating_apply(match=match) == []
    assert not Rating.objects.exists()
