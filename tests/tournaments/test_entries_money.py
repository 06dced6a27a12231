"""Every coin of a tournament's entries, exactly: fees, gifted entries, sponsorships, withdrawals with the
waiting list moving up, no-shows dropped at the start, cancellation, and prizes with their remainders.
The books balance after each (the audit, and escrow = the fees and sponsorships of open tournaments)."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.accounts.models import User
from apps.accounts.tiers import Tier
from apps.tournaments.errors import WrongState
from apps.tournaments.models import EntryStatus, TournamentStatus
from apps.tournaments.selectors.ratings import rating_stats
from apps.tournaments.services import entries as services
from tests.tournaments.conftest import assert_books_balance, coins, earnings, escrow, play_out, revenue

pytestmark = pytest.mark.django_db


def test_an_entry_fee_is_held_in_escrow(make_tournament, make_player, now):
    tournament, player = make_tournament(entry_fee=100), make_player(1000)
    entry = services.register(tournament=tournament, player=player, now=now)
    assert (entry.status, entry.fee_paid, entry.paid_by) == (EntryStatus.REGISTERED, 100, player)
    assert (coins(player), escrow()) == (900, 100)
    assert_books_balance()


def test_a_free_tournament_moves_no_coins(make_tournament, make_player, now):
    tournament, player = make_tournament(entry_fee=0), make_player()
    entry = services.register(tournament=tournament, player=player, now=now)
    assert (entry.status, entry.fee_paid, escrow()) == (EntryStatus.REGISTERED, 0, 0)
    assert_books_balance()


@pytest.mark.parametrize(("fee", "price"), [(100, 125), (99, 124), (1, 2)])
def test_a_verified_only_entry_costs_a_quarter_more_rounded_up(make_tournament, make_player, now, fee, price):
    tournament = make_tournament(entry_fee=fee, verified_only=True)
    player = make_player(1000, tier=Tier.BASIC_VERIFIED)
    entry = services.register(tournament=tournament, player=player, now=now)
    assert (entry.fee_paid, coins(player), escrow()) == (price, 1000 - price, price)
    assert_books_balance()


def test_a_gifted_entry_is_paid_by_the_giver_and_refunded_to_them(make_tournament, make_player, now):
    tournament, giver, player = make_tournament(entry_fee=100), make_player(500), make_player(0)
    entry = services.register(tournament=tournament, player=player, paid_by=giver, now=now)
    assert (entry.player, entry.paid_by, coins(giver), coins(player), escrow()) == (player, giver, 400, 0, 100)
    assert_books_balance()
    services.withdraw(tournament=tournament, player=player, now=now)
    assert (coins(giver), coins(player), escrow()) == (500, 0, 0)
    assert_books_balance()


def test_a_sponsorship_adds_to_the_pool_in_escrow(make_tournament, make_player, now):
    tournament, player, sponsor = make_tournament(entry_fee=100), make_player(100), make_player(1000)
    services.register(tournament=tournament, player=player, now=now)
    sponsorship = services.sponsor(tournament=tournament, sponsor=sponsor, coins=250)
    assert (sponsorship.coins, coins(sponsor), coins(player), escrow()) == (250, 750, 0, 350)
    assert_books_balance()


def test_a_withdrawal_refunds_in_full_and_the_first_waiting_player_moves_up_and_pays(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, bo, cy, di = (make_player(300) for _ in range(4))
    for player in (ana, bo, cy, di):
        services.register(tournament=tournament, player=player, now=now)
    # Full at two: the others wait, paying nothing yet.
    assert [coins(p) for p in (ana, bo, cy, di)] == [200, 200, 300, 300]
    assert escrow() == 200
    assert_books_balance()

    services.withdraw(tournament=tournament, player=bo, now=now)
    statuses = dict(tournament.entries.values_list("player", "status"))
    assert [statuses[p.pk] for p in (ana, bo, cy, di)] == ["registered", "withdrawn", "registered", "waiting"]
    assert [coins(p) for p in (ana, bo, cy, di)] == [200, 300, 200, 300]
    assert escrow() == 200
    assert_books_balance()


def test_a_waiting_player_who_cannot_pay_is_passed_over_and_keeps_waiting(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, bo, broke, cy = make_player(100), make_player(100), make_player(0), make_player(100)
    for player in (ana, bo, broke, cy):
        services.register(tournament=tournament, player=player, now=now)

    services.withdraw(tournament=tournament, player=ana, now=now)
    statuses = dict(tournament.entries.values_list("player", "status"))
    assert [statuses[p.pk] for p in (ana, bo, broke, cy)] == ["withdrawn", "registered", "waiting", "registered"]
    assert [coins(p) for p in (ana, bo, broke, cy)] == [100, 0, 0, 0]
    assert escrow() == 200
    assert_books_balance()


def test_a_gifted_waiting_entry_is_charged_to_the_giver_when_it_moves_up(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, cy, giver, bo = make_player(100), make_player(100), make_player(100), make_player(0)
    services.register(tournament=tournament, player=ana, now=now)
    services.register(tournament=tournament, player=cy, now=now)
    services.register(tournament=tournament, player=bo, paid_by=giver, now=now)
    assert coins(giver) == 100
    services.withdraw(tournament=tournament, player=ana, now=now)
    assert (coins(ana), coins(giver), coins(bo), escrow()) == (100, 0, 0, 200)
    assert tournament.entries.get(player=bo).status == EntryStatus.REGISTERED
    assert_books_balance()


def test_leaving_the_waiting_list_refunds_nothing_and_moves_no_one(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, di, bo, cy = (make_player(100) for _ in range(4))
    for player in (ana, di, bo, cy):
        services.register(tournament=tournament, player=player, now=now)
    services.withdraw(tournament=tournament, player=bo, now=now)
    statuses = dict(tournament.entries.values_list("player", "status"))
    assert [statuses[p.pk] for p in (ana, di, bo, cy)] == ["registered", "registered", "withdrawn", "waiting"]
    assert ([coins(p) for p in (ana, di, bo, cy)], escrow()) == ([0, 0, 100, 100], 200)
    assert_books_balance()


def test_players_who_did_not_check_in_are_dropped_and_refunded_at_the_start(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=100, check_in_minutes=30)
    ana, bo, cy, giver = make_player(100), make_player(100), make_player(0), make_player(100)
    services.register(tournament=tournament, player=ana, now=now)
    services.register(tournament=tournament, player=bo, now=now)
    services.register(tournament=tournament, player=cy, paid_by=giver, now=now)
    window = tournament.start_at - timedelta(minutes=10)
    services.check_in(tournament=tournament, player=ana, now=window)
    services.check_in(tournament=tournament, player=bo, now=window)

    services.start(tournament=tournament, by=tournament.organizer, now=tournament.start_at)
    entries = {e.player_id: e for e in tournament.entries.all()}
    assert entries[cy.pk].status == EntryStatus.DROPPED
    assert (entries[ana.pk].status, entries[bo.pk].status) == (EntryStatus.REGISTERED, EntryStatus.REGISTERED)
    assert sorted([entries[ana.pk].seed, entries[bo.pk].seed]) == [1, 2]
    assert entries[cy.pk].seed is None
    assert ([coins(p) for p in (ana, bo, cy, giver)], escrow()) == ([0, 0, 0, 100], 200)
    tournament.refresh_from_db()
    assert (tournament.status, tournament.started_at) == (TournamentStatus.LIVE, tournament.start_at)
    assert_books_balance()


def test_cancelling_refunds_every_fee_and_sponsorship_once(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, bo, cy, giver, sponsor = (make_player(100) for _ in range(5))
    services.register(tournament=tournament, player=ana, now=now)
    services.register(tournament=tournament, player=bo, paid_by=giver, now=now)
    services.register(tournament=tournament, player=cy, now=now)  # waiting
    services.sponsor(tournament=tournament, sponsor=sponsor, coins=60)
    assert escrow() == 260

    services.cancel(tournament=tournament, by=tournament.organizer, now=now)
    assert [coins(p) for p in (ana, bo, cy, giver, sponsor)] == [100] * 5
    assert escrow() == 0
    assert set(tournament.entries.values_list("status", flat=True)) == {EntryStatus.REFUNDED}
    assert not tournament.sponsorships.filter(refunded=False).exists()
    assert_books_balance()

    with pytest.raises(WrongState):
        services.cancel(tournament=tournament, by=tournament.organizer, now=now)
    assert ([coins(p) for p in (ana, bo, cy, giver, sponsor)], escrow()) == ([100] * 5, 0)
    assert_books_balance()


def test_cancelling_a_live_tournament_refunds_too(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=50)
    ana, bo = make_player(50), make_player(50)
    for player in (ana, bo):
        services.register(tournament=tournament, player=player, now=now)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    services.cancel(tournament=tournament, by=tournament.organizer, now=now)
    tournament.refresh_from_db()
    assert (tournament.status, coins(ana), coins(bo), escrow()) == (TournamentStatus.CANCELLED, 50, 50, 0)
    assert_books_balance()


def _finished(tournament, players, now):
    """Register `players` (in seed order: all unrated, so registration order), start, and decide every match."""
    for player in players:
        services.register(tournament=tournament, player=player, now=now)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    play_out(tournament)


def test_finalize_pays_the_cut_and_the_split_of_a_pool_of_1000(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=100, capacity=4, third_place=True, prize_split=[60, 30, 10])
    players = [make_player(100) for _ in range(4)]
    sponsor = make_player(600)
    _finished(tournament, players, now)
    services.sponsor(tournament=tournament, sponsor=sponsor, coins=600)
    assert escrow() == 1000

    services.finalize(tournament=tournament, by=tournament.organizer, now=now)
    # Cut 10% = 100; the rest 900 by 60/30/10 = 540/270/90; fourth place gets nothing.
    assert revenue() == 100
    assert [earnings(p) for p in players] == [540, 270, 90, 0]
    assert escrow() == 0
    entries = {e.player_id: e for e in tournament.entries.all()}
    assert [(entries[p.pk].final_place, entries[p.pk].prize) for p in players] == [(1, 540), (2, 270), (3, 90), (4, 0)]
    stats = [rating_stats(user=User.objects.select_related("profile").get(pk=p.pk)) for p in players]
    value = settings.WALLET_COIN_PAYOUT_VALUE_MINOR
    assert [s.career_prize_money_cents for s in stats] == [540 * value, 270 * value, 90 * value, 0]
    assert [(s.events_entered, s.events_won) for s in stats] == [(1, 1), (1, 0), (1, 0), (1, 0)]
    tournament.refresh_from_db()
    assert tournament.status == TournamentStatus.FINALIZED
    assert_books_balance()


def test_a_pool_of_7_coins_rounds_down_and_first_place_takes_the_rest(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=0, capacity=3, prize_split=[60, 30, 10])
    ana, bo, sponsor = make_player(), make_player(), make_player(7)
    _finished(tournament, [ana, bo], now)
    services.sponsor(tournament=tournament, sponsor=sponsor, coins=7)

    services.finalize(tournament=tournament, by=tournament.organizer, now=now)
    # Cut: 7 * 10 // 100 = 0. Rest 7: 60% = 4, 30% = 2; third place (nobody) and the rounding: 1, to first.
    assert (revenue(), earnings(ana), earnings(bo), escrow()) == (0, 5, 2, 0)
    assert_books_balance()


def test_the_remainder_of_the_rounding_goes_to_first_place(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=37, capacity=3, prize_split=[50, 50])
    players = [make_player(37) for _ in range(3)]
    _finished(tournament, players, now)

    services.finalize(tournament=tournament, by=tournament.organizer, now=now)
    # Pool 111, cut 11, rest 100: 50 and 50; third place unpaid.
    assert (revenue(), [earnings(p) for p in players], escrow()) == (11, [50, 50, 0], 0)
    assert_books_balance()


def test_a_retried_finalize_pays_once(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=100, capacity=2)
    ana, bo = make_player(100), make_player(100)
    _finished(tournament, [ana, bo], now)
    services.finalize(tournament=tournament, by=tournament.organizer, now=now)
    paid = (revenue(), earnings(ana), earnings(bo))
    assert paid == (20, 126, 54)  # rest 180 by the default split for two places, 70/30

    with pytest.raises(WrongState):
        services.finalize(tournament=tournament, by=tournament.organizer, now=now)
    assert (revenue(), earnings(ana), earnings(bo)) == paid
    assert_books_balance()
