"""On PostgreSQL: 50 players registering at once for 32 places give exactly 32 registered and 18
waiting, and escrow holds exactly 32 fees."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from apps.tournaments.models import EntryStatus
from apps.tournaments.services import entries as services
from tests.tournaments.conftest import assert_books_balance, coins, escrow

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PLAYERS, PLACES, FEE = 50, 32, 100


def test_concurrent_registrations_fill_exactly_the_places_and_the_rest_wait(make_tournament, make_player, now):
    tournament = make_tournament(capacity=PLACES, entry_fee=FEE, prize_split=[100])
    players = [make_player(FEE) for _ in range(PLAYERS)]
    together = Barrier(PLAYERS)

    def register(player) -> str:
        try:
            together.wait()
            return services.register(tournament=tournament, player=player, now=now).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PLAYERS) as pool:
        statuses = list(pool.map(register, players))

    assert (statuses.count(EntryStatus.REGISTERED), statuses.count(EntryStatus.WAITING)) == (PLACES, PLAYERS - PLACES)
    stored = list(tournament.entries.values_list("status", flat=True))
    assert (stored.count(EntryStatus.REGISTERED), stored.count(EntryStatus.WAITING)) == (PLACES, PLAYERS - PLACES)
    assert escrow() == PLACES * FEE
    assert sorted(coins(p) for p in players) == [0] * PLACES + [FEE] * (PLAYERS - PLACES)
    assert_books_balance()
