import importlib

import pytest
from django.apps import apps

from apps.wallet import services as wallet
from apps.wallet.audit import audit
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture(autouse=True)
def gift_catalog(db):
    """The catalog migration 0002 seeds (a transactional test elsewhere may have flushed it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


@pytest.fixture
def stream(db):
    return LiveStreamFactory()


@pytest.fixture
def fan(db):
    """A viewer with 1,000 coins."""
    user = UserFactory()
    wallet.wallet_grant(user=user, amount=1000, reason="test", granted_by=UserFactory(is_staff=True))
    return user


@pytest.fixture
def books_balance():
    yield
    assert audit() == []
