"""Reads of ratings: the leaderboard's filter and order, a newcomer's display, the charted history, the
profile's record across game types and its events."""

import pytest

from apps.tournaments.models import Entry, EntryStatus, RatingChange
from apps.tournaments.selectors import ratings as selectors
from tests.factories import UserFactory
from tests.tournaments.ratings_support import START, RatingFactory, TournamentFactory, game_type, play

pytestmark = pytest.mark.django_db


def test_the_leaderboard_lists_established_ratings_best_first_with_places():
    best = RatingFactory(rating=1900)
    second = RatingFactory(rating=1700)
    RatingFactory(rating=2000, deviation=110)  # not settled yet
    RatingFactory(rating=2100, rated_matches=4)  # too few matches
    RatingFactory(rating=2200, game_type=game_type("FREE_THROW"))  # another game type
    RatingFactory(rating=2300, player=UserFactory(is_active=False))

    rows = list(selectors.leaderboard(game_type=game_type()))

    assert [(row.place, row.pk) for row in rows] == [(1, best.pk), (2, second.pk)]


def test_a_newcomer_is_1500_plus_minus_350_shown_as_provisional():
    ratings = selectors.player_ratings(user=UserFactory())

    assert [rating.game_type.code for rating in ratings] == ["1V1", "FREE_THROW", "THREE_POINT"]
    assert {(rating.rating, rating.deviation, rating.display) for rating in ratings} == {(1500.0, 350.0, "1500? ± 700")}
    assert not any(rating.is_established for rating in ratings)


def test_an_established_rating_shows_without_the_question_mark():
    rating = RatingFactory(rating=1850.4, deviation=50)

    assert rating.display == "1850 ± 100"
    assert rating.is_established


def test_the_history_is_the_rating_after_each_match_oldest_first():
    ana = UserFactory()
    play(ana, UserFactory())
    play(UserFactory(), ana)

    history = selectors.rating_history(user=ana, game_type=game_type())

    changes = RatingChange.objects.filter(rating__player=ana).order_by("match__completed_at")
    assert [(point.rating, point.won) for point in history] == [(c.rating_after, c.won) for c in changes]
    assert [point.won for point in history] == [True, False]
    assert len(selectors.rating_history(user=ana, game_type=game_type(), limit=1)) == 1


def test_the_record_across_game_types_and_events_entered_and_won():
    ana = UserFactory()
    play(ana, UserFactory())
    play(ana, UserFactory())
    play(UserFactory(), ana)
    won = TournamentFactory(started_at=START)
    played = TournamentFactory(started_at=START)
    not_started = TournamentFactory()
    Entry.objects.create(tournament=won, player=ana, paid_by=ana, final_place=1)
    Entry.objects.create(tournament=played, player=ana, paid_by=ana, final_place=3)
    Entry.objects.create(tournament=not_started, player=ana, paid_by=ana)
    dropped = TournamentFactory(started_at=START)
    Entry.objects.create(tournament=dropped, player=ana, paid_by=ana, status=EntryStatus.DROPPED)
    ana.profile.refresh_from_db()

    stats = selectors.rating_stats(user=ana)

    assert (stats.wins, stats.losses, stats.win_rate) == (2, 1, 67)
    assert (stats.current_streak, stats.longest_win_streak) == (-1, 2)
    assert stats.highest_rating == 1500  # provisional all along
    assert (stats.events_entered, stats.events_won) == (2, 1)
    assert [rating.game_type.code for rating in stats.played] == ["1V1"]


def test_a_player_without_matches_has_no_win_rate_or_highest():
    stats = selectors.rating_stats(user=UserFactory())

    assert (stats.win_rate, stats.highest_rating, stats.histories) == (None, None, {})
