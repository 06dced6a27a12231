"""Players with coins, the balances a challenge's coins move between, and a decided match."""

import importlib

from django.apps import apps
from django.utils import timezone

from apps.accounts.models import User
from apps.tournaments.models import Decision, Match, MatchStatus
from apps.tournaments.services import challenges
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
    """The match is decided (as the matches service leaves it), and the challenge told."""
    loser_id = match.player2_id if winner.pk == match.player1_id else match.player1_id
    Match.objects.filter(pk=match.pk).update(
        status=MatchStatus.DONE,
        winner=winner,
        loser_id=loser_id,
        decision=Decision.AGREED,
        result_version=1,
        completed_at=timezone.now(),
    )
    match.refresh_from_db()
    challenges.challenge_match_completed(match=match)
