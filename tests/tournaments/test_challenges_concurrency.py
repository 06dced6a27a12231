"""Challenges under concurrency, on PostgreSQL: one open challenge per pair however many are sent at
once, and an answer racing a cancel leaves exactly one outcome and exact books."""

from functools import partial

import pytest

from apps.tournaments.models import Challenge
from apps.tournaments.services import challenges
from apps.wallet.audit import audit
from tests.concurrency import race
from tests.tournaments.challenges_support import add_game_types, challenge, coins, escrow, player

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SENDERS = 8


@pytest.fixture(autouse=True)
def game_types(db):
    add_game_types()


def test_challenges_sent_at_once_between_two_players_open_one():
    ana, bo = player(1000), player(1000)
    # Half of them ana challenging bo, half bo challenging ana.
    calls = [partial(challenge, *pair, stake=100) for pair in [(ana, bo), (bo, ana)] * (SENDERS // 2)]
    outcomes = race(*calls)
    assert sorted(outcomes) == ["challenge_exists"] * (SENDERS - 1) + ["ok"]
    assert (Challenge.objects.count(), coins(ana) + coins(bo), escrow()) == (1, 1900, 100)
    assert audit() == []


def test_an_accept_racing_a_cancel_has_one_outcome():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100)
    outcomes = race(
        lambda: challenges.challenge_accept(challenge=made, player=bo),
        lambda: challenges.challenge_cancel(challenge=made, player=ana),
    )
    assert sorted(outcomes) == ["ok", "wrong_state"]
    made.refresh_from_db()
    if made.status == "accepted":
        assert (coins(ana), coins(bo), escrow(), made.match is not None) == (900, 900, 200, True)
    else:
        assert (made.status, coins(ana), coins(bo), escrow(), made.match) == ("cancelled", 1000, 1000, 0, None)
    assert audit() == []
