"""Tournaments: game types, players with coins and tiers, a controlled clock, and the books' checks."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from apps.accounts.tiers import Tier
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind
from apps.wallet.selectors import balance_of, earnings_of
from tests.factories import UserFactory


@pytest.fixture
def game_types(db):
    """The game types migration 0002 seeds (a transactional test elsewhere may have flushed them)."""
    importlib.import_module("apps.tournaments.migrations.0002_game_types").add_game_types(apps, None)


@pytest.fixture
def now():
    """The services' clock in these tests: `now=` is passed wherever time matters."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def make_player(staff):
    """`make_player(coins, tier=...)`: a user with `coins` in their wallet."""

    def make(coins: int = 0, *, tier: str = Tier.UNVERIFIED, **fields):
        player = UserFactory(**fields)
        if tier != Tier.UNVERIFIED:
            player.profile.verification_tier = tier
            player.profile.save(update_fields=["verification_tier"])
        if coins:
            wallet.wallet_grant(user=player, amount=coins, reason="test", granted_by=staff)
        return player

    return make


@pytest.fixture
def organizer(make_player):
    return make_player(tier=Tier.ELITE_VERIFIED, username="organizer")


@pytest.fixture
def make_tournament(organizer, now, game_types):
    """`make_tournament(**fields)`: a single-elimination 1v1 for 8, 100 coins to enter, starting in 2 hours."""
    from apps.tournaments.services import entries

    def make(**fields):
        values = {
            "name": "Saturday 1v1",
            "game_type": "1V1",
            "format": "SINGLE_ELIMINATION",
            "capacity": 8,
            "start_at": now + timedelta(hours=2),
            "entry_fee": 100,
            "now": now,
            **fields,
        }
        return entries.tournament_create(organizer=values.pop("organizer", organizer), **values)

    return make


def coins(user) -> int:
    return balance_of(user=user)


def earnings(user) -> int:
    return earnings_of(user=user).total


def escrow() -> int:
    return system_account(AccountKind.ESCROW).balance


def revenue() -> int:
    return system_account(AccountKind.PLATFORM_REVENUE).balance


def assert_books_balance() -> None:
    """The audit passes, and escrow holds exactly the fees and sponsorships of tournaments still open."""
    from apps.tournaments.models import Tournament, TournamentStatus
    from apps.tournaments.selectors.entries import prize_pool

    assert audit() == []
    open_tournaments = Tournament.objects.exclude(status__in=[TournamentStatus.FINALIZED, TournamentStatus.CANCELLED])
    assert escrow() == sum(prize_pool(t) for t in open_tournaments)


def play_out(tournament) -> None:
    """Play every match through the players' agreeing reports, the better seed winning each."""
    from apps.tournaments.models import Match, MatchStatus
    from apps.tournaments.services.matches import match_report

    seeds = dict(tournament.entries.exclude(seed=None).values_list("player", "seed"))
    while ready := list(Match.objects.filter(tournament=tournament, status=MatchStatus.READY)):
        for match in ready:
            winner, loser = sorted([match.player1, match.player2], key=lambda player: seeds[player.pk])
            wins = match.best_of // 2 + 1
            match_report(match=match, reporter=winner, games=[[11, 5]] * wins)
            match_report(match=match, reporter=loser, games=[[5, 11]] * wins)
