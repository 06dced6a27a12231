"""What the shot-challenge tests share: a live stream, a funded fan, the creator's moderator, and the
ledger's view of the coins."""

from apps.restrictions.models import ChannelModerator
from apps.shots.models import OPEN_CHALLENGE_STATUSES, ShotChallenge
from apps.tournaments.models import Challenge, Tournament
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account, user_account
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind
from tests.factories import UserFactory


def funded(coins: int = 1000):
    """A viewer with `coins` coins, granted by staff."""
    user = UserFactory()
    wallet.wallet_grant(user=user, amount=coins, reason="test", granted_by=UserFactory(is_staff=True))
    return user


def moderator_of(stream):
    """Someone the stream's creator appointed to moderate their channel."""
    user = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=user)
    return user


def escrow() -> int:
    return system_account(AccountKind.ESCROW).balance


def earnings(user) -> int:
    return user_account(user, AccountKind.CREATOR_EARNINGS).balance


def revenue() -> int:
    return system_account(AccountKind.PLATFORM_REVENUE).balance


def assert_books() -> None:
    """The books prove, and escrow holds exactly the open challenges' coins (no tournament fees or 1v1
    stakes in these tests)."""
    assert audit() == []
    assert not Tournament.objects.exists()
    assert not Challenge.objects.exists()
    open_coins = ShotChallenge.objects.filter(status__in=OPEN_CHALLENGE_STATUSES).values_list("coins", flat=True)
    assert escrow() == sum(open_coins)
