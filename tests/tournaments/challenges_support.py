"""Players with coins, the balances a challenge's coins move between, and a match both players report."""

import importlib

from django.apps import apps

from apps.accounts.models import User
from apps.tournaments.models import Match
from apps.tournaments.services import challenges, matches
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account, user_account
from apps.wallet.models import AccountKind, Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory


def add_game_types() -> None:
    """The game types migration 0002 adds (a transactional test elsewhere may have flushed them)."""
    importlib.import_module("apps.tournaments.migrations.0002_game_types").add_game_types(apps, None)


def player(coins: int = 0, **fields) -> User:
    user = UserFactory(**fields)
    if coins:
        treasurer = User.objects.filter(username="treasurer").first() or UserFactory(
            username="treasurer", is_staff=True
        )
        wallet.wallet_grant(user=user, amount=coins, reason="test funds", granted_by=treasurer)
    return user


def coins(user) -> int:
    return balance_of(user=user)


def earnings(user) -> int:
    return user_account(user, AccountKind.CREATOR_EARNINGS).balance


def escrow() -> int:
    return system_account(AccountKind.ESCROW).balance


def revenue() -> int:
    return system_account(AccountKind.PLATFORM_REVENUE).balance


def movements(challenge) -> list[tuple[str, int]]:
    """The challenge's transfers, in order: (kind, coins moved)."""
    transfers = Transfer.objects.filter(reference=f"challenge:{challenge.pk}").order_by("pk")
    return [(t.kind, max(e.amount for e in t.entries.all())) for t in transfers.prefetch_related("entries")]


def challenge(challenger, opponent, *, stake: int = 100, best_of: int = 1, **options):
    return challenges.challenge_create(
        challenger=challenger, opponent=opponent, game_type="1V1", best_of=best_of, stake=stake, **options
    )


def decide(match: Match, winner: User) -> None:
    """Both players report the same straight-games win for `winner`, each from their own side."""
    loser = match.player2 if winner.pk == match.player1_id else match.player1
    wins = [[11, 5]] * (match.best_of // 2 + 1)
    matches.match_report(match=match, reporter=winner, games=wins)
    matches.match_report(match=match, reporter=loser, games=[[b, a] for a, b in wins])
