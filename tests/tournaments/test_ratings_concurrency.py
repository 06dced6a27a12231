"""rating_apply under concurrency, on PostgreSQL: the same result applied by many workers at once rates
once, and matches of the same players rated at once neither deadlock nor lose an update."""

from concurrent.futures import ThreadPoolExecutor
from itertools import permutations
from threading import Barrier

import pytest
from django.db import connection, transaction

from apps.tournaments import glicko2
from apps.tournaments.models import Rating, RatingChange
from apps.tournaments.services.ratings import rating_apply
from tests.factories import UserFactory
from tests.tournaments.ratings_support import MatchFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8


def _all_at_once(matches) -> None:
    start = Barrier(len(matches))

    def apply(match) -> None:
        try:
            start.wait()
            with transaction.atomic():
                rating_apply(match=match)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(matches)) as pool:
        for future in [pool.submit(apply, match) for match in matches]:
            future.result()


def test_one_result_applied_by_many_workers_at_once_rates_once():
    match = MatchFactory()

    _all_at_once([match] * WORKERS)

    assert RatingChange.objects.filter(match=match).count() == 2
    newcomer = glicko2.Rating()
    assert Rating.objects.get(player=match.winner).rating == glicko2.rate(newcomer, [(newcomer, 1.0)]).rating


def test_matches_of_the_same_players_rated_at_once_all_count():
    players = UserFactory.create_batch(4)
    # Every ordered pair: each pair of players meets twice, once from either side, so the workers take
    # the same rating rows in opposite orders unless the service orders its locks.
    matches = [MatchFactory(player1=a, player2=b) for a, b in permutations(players, 2)]

    _all_at_once(matches)

    assert RatingChange.objects.count() == 2 * len(matches)
    for rating in Rating.objects.all():
        assert rating.rated_matches == rating.changes.count() == 6
        assert rating.wins == rating.losses == 3
