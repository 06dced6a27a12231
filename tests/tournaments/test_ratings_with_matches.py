"""Ratings as the matches service drives them: a result rates once, a correction re-rates the corrected
match and takes back the matches it reopens."""

import pytest

from apps.tournaments import glicko2
from apps.tournaments.models import Rating, RatingChange
from apps.tournaments.services import matches as svc
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db

NEWCOMER = glicko2.Rating()
ONE_WIN = glicko2.rate(NEWCOMER, [(NEWCOMER, 1.0)])
ONE_LOSS = glicko2.rate(NEWCOMER, [(NEWCOMER, 0.0)])


def win(tournament, code):
    match = tournament.matches.get(code=code)
    svc.match_report(match=match, reporter=match.player1, games=[[11, 5]])
    svc.match_report(match=match, reporter=match.player2, games=[[5, 11]])
    return tournament.matches.get(code=code)


def values(player) -> tuple:
    rating = Rating.objects.get(player=player)
    return rating.rating, rating.deviation, rating.volatility, rating.wins, rating.losses


def test_a_correction_through_the_matches_service_re_rates_and_takes_back_what_it_reopened():
    tournament, _players = live_tournament(4)
    first, second = win(tournament, "W1-M1"), win(tournament, "W1-M2")
    final = win(tournament, "W2-M1")
    assert RatingChange.objects.filter(match=final).count() == 2

    svc.match_settle(
        match=first, by=tournament.organizer, winner_id=first.player2_id, games=[[5, 11]], reason="Wrong winner"
    )

    # W1-M1 rated as if its flipped result were the only one; the final it fed is reopened and unrated.
    assert values(first.player2) == (ONE_WIN.rating, ONE_WIN.deviation, ONE_WIN.volatility, 1, 0)
    assert values(first.player1) == (ONE_LOSS.rating, ONE_LOSS.deviation, ONE_LOSS.volatility, 0, 1)
    assert values(second.winner) == (ONE_WIN.rating, ONE_WIN.deviation, ONE_WIN.volatility, 1, 0)
    assert not RatingChange.objects.filter(match=final).exists()
