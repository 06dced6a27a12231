import importlib

import pytest
from django.apps import apps

from apps.accounts.services import verification_tier_grant
from apps.wallet import services
from apps.wallet.audit import audit
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def coin_packages(db):
    """The packages migration 0003 puts on sale (a transactional test elsewhere may have flushed them)."""
    importlib.import_module("apps.wallet.migrations.0003_coin_packages").add_packages(apps, None)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, username="treasurer")


@pytest.fixture
def fund(staff):
    """Give a user coins the way staff do: a grant, minted into their wallet."""

    def give(user, amount):
        services.wallet_grant(user=user, amount=amount, reason="test funds", granted_by=staff)
        return user

    return give


@pytest.fixture
def books_balance():
    """Every money test ends by proving the books."""
    yield
    assert audit() == []


@pytest.fixture
def payout_settings(settings):
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_PAYOUT_MINIMUM_COINS = 100


@pytest.fixture
def creator_with_earnings(fund, staff):
    """A creator with 700 coins of earnings (1,000 coins of gifts)."""

    def make(tier="BASIC_VERIFIED"):
        creator = UserFactory()
        if tier:
            verification_tier_grant(user=creator, tier=tier, granted_by=staff, reason="test")
        fan = fund(UserFactory(), 1000)
        services.wallet_spend(payer=fan, amount=1000, recipient=creator, kind="gift")
        return creator

    return make
