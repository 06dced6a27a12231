"""Every wrong move with an entry gets its own error code, writes nothing, and leaves the books balanced."""

from datetime import timedelta

import pytest

from apps.accounts.tiers import Tier
from apps.core.exceptions import ApplicationError
from apps.tournaments.models import Entry, Sponsorship, Tournament, TournamentStatus
from apps.tournaments.services import entries as services
from apps.wallet.models import Transfer
from tests.tournaments.conftest import assert_books_balance, coins

pytestmark = pytest.mark.django_db


def _refused(code: str, call) -> ApplicationError:
    """`call()` raises the error `code`, and no row of a tournament, an entry or a transfer is written."""
    before = [model.objects.count() for model in (Tournament, Entry, Sponsorship, Transfer)]
    with pytest.raises(ApplicationError) as raised:
        call()
    assert raised.value.code == code
    assert [model.objects.count() for model in (Tournament, Entry, Sponsorship, Transfer)] == before
    assert_books_balance()
    return raised.value


@pytest.fixture
def tournament(make_tournament):
    return make_tournament(entry_fee=100, check_in_minutes=30)


@pytest.fixture
def player(make_player):
    return make_player(1000)


def _register(tournament, player, now, **kwargs):
    return lambda: services.register(tournament=tournament, player=player, now=now, **kwargs)


def test_registering_twice(tournament, player, now):
    services.register(tournament=tournament, player=player, now=now)
    _refused("already_registered", _register(tournament, player, now))
    assert coins(player) == 900


def test_registering_twice_while_waiting(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2)
    for player in (make_player(100), make_player(100)):
        services.register(tournament=tournament, player=player, now=now)
    waiting = make_player(100)
    services.register(tournament=tournament, player=waiting, now=now)
    _refused("already_registered", _register(tournament, waiting, now))


def test_registering_at_the_start_time(tournament, player):
    _refused("registration_closed", _register(tournament, player, tournament.start_at))


def test_registering_after_the_start(tournament, make_player, player, now):
    ana, bo = make_player(100), make_player(100)
    for someone in (ana, bo):
        services.register(tournament=tournament, player=someone, now=now)
        services.check_in(tournament=tournament, player=someone, now=tournament.check_in_opens_at)
    services.start(tournament=tournament, by=tournament.organizer, now=tournament.check_in_opens_at)
    _refused("registration_closed", _register(tournament, player, now))


def test_registering_for_a_verified_only_tournament_while_unverified(make_tournament, player, now):
    tournament = make_tournament(verified_only=True)
    _refused("verified_only", _register(tournament, player, now))


def test_a_gift_does_not_make_an_unverified_player_verified(make_tournament, make_player, player, now):
    tournament = make_tournament(verified_only=True)
    giver = make_player(1000, tier=Tier.ELITE_VERIFIED)
    _refused("verified_only", _register(tournament, player, now, paid_by=giver))


def test_registering_without_enough_coins(tournament, make_player, now):
    poor = make_player(99)
    _refused("insufficient_coins", _register(tournament, poor, now))
    assert coins(poor) == 99


def test_a_gift_from_someone_without_enough_coins(tournament, make_player, player, now):
    _refused("insufficient_coins", _register(tournament, player, now, paid_by=make_player(10)))


def test_withdrawing_after_the_start(tournament, make_player, now):
    ana, bo = make_player(100), make_player(100)
    for someone in (ana, bo):
        services.register(tournament=tournament, player=someone, now=now)
        services.check_in(tournament=tournament, player=someone, now=tournament.check_in_opens_at)
    services.start(tournament=tournament, by=tournament.organizer, now=tournament.check_in_opens_at)
    _refused("withdrawal_closed", lambda: services.withdraw(tournament=tournament, player=ana, now=now))
    assert coins(ana) == 0


def test_withdrawing_at_the_start_time(tournament, player, now):
    services.register(tournament=tournament, player=player, now=now)
    withdraw = lambda: services.withdraw(tournament=tournament, player=player, now=tournament.start_at)  # noqa: E731
    _refused("withdrawal_closed", withdraw)


def test_withdrawing_without_an_entry(tournament, player, now):
    _refused("not_registered", lambda: services.withdraw(tournament=tournament, player=player, now=now))


@pytest.mark.parametrize("offset", [timedelta(minutes=-31), timedelta(minutes=30), timedelta(hours=1)])
def test_checking_in_outside_the_window(tournament, player, now, offset):
    """The window is [start - 30 min, start): a minute before it, at the start, after it."""
    services.register(tournament=tournament, player=player, now=now)
    at = tournament.check_in_opens_at + offset
    _refused("check_in_closed", lambda: services.check_in(tournament=tournament, player=player, now=at))


def test_checking_in_where_there_is_no_check_in(make_tournament, player, now):
    tournament = make_tournament(check_in_minutes=0)
    services.register(tournament=tournament, player=player, now=now)
    at = tournament.start_at - timedelta(minutes=1)
    _refused("check_in_closed", lambda: services.check_in(tournament=tournament, player=player, now=at))


def test_checking_in_from_the_waiting_list(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, check_in_minutes=30)
    for someone in (make_player(100), make_player(100)):
        services.register(tournament=tournament, player=someone, now=now)
    waiting = make_player(100)
    services.register(tournament=tournament, player=waiting, now=now)
    at = tournament.check_in_opens_at
    _refused("not_registered", lambda: services.check_in(tournament=tournament, player=waiting, now=at))


def test_starting_with_fewer_than_two_players(make_tournament, player, now):
    tournament = make_tournament()
    services.register(tournament=tournament, player=player, now=now)
    _refused("too_few_players", lambda: services.start(tournament=tournament, by=tournament.organizer, now=now))
    tournament.refresh_from_db()
    assert (tournament.status, coins(player)) == (TournamentStatus.REGISTRATION, 900)


def test_starting_when_only_one_player_checked_in(tournament, make_player, now):
    ana, bo = make_player(100), make_player(100)
    for someone in (ana, bo):
        services.register(tournament=tournament, player=someone, now=now)
    services.check_in(tournament=tournament, player=ana, now=tournament.check_in_opens_at)
    start = lambda: services.start(tournament=tournament, by=tournament.organizer, now=tournament.start_at)  # noqa: E731
    _refused("too_few_players", start)
    assert (coins(ana), coins(bo)) == (0, 0)  # nobody dropped: the start did not happen


def test_starting_someone_elses_tournament(tournament, make_player, now):
    for someone in (make_player(100), make_player(100)):
        services.register(tournament=tournament, player=someone, now=now)
    stranger = make_player(tier=Tier.ELITE_VERIFIED)
    _refused("not_allowed", lambda: services.start(tournament=tournament, by=stranger, now=tournament.start_at))


@pytest.mark.parametrize("action", [services.cancel, services.finalize, services.pause])
def test_running_someone_elses_tournament(tournament, make_player, action):
    _refused("not_allowed", lambda: action(tournament=tournament, by=make_player()))


def test_finalizing_before_the_start(tournament):
    _refused("wrong_state", lambda: services.finalize(tournament=tournament, by=tournament.organizer))


@pytest.mark.parametrize("amount", [0, -5, 1_000_001, True, "10"])
def test_sponsoring_an_amount_out_of_bounds(tournament, player, amount):
    _refused("sponsorship_invalid", lambda: services.sponsor(tournament=tournament, sponsor=player, coins=amount))


def test_sponsoring_without_enough_coins(tournament, make_player):
    poor = make_player(10)
    _refused("insufficient_coins", lambda: services.sponsor(tournament=tournament, sponsor=poor, coins=11))


def test_sponsoring_a_cancelled_tournament(tournament, player):
    services.cancel(tournament=tournament, by=tournament.organizer)
    _refused("wrong_state", lambda: services.sponsor(tournament=tournament, sponsor=player, coins=10))
