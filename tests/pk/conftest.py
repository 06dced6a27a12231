"""Hosts live on their own streams, fans with coins, and helpers to play battles on the server clock.

Time is controlled the way the services see it: `now=` for the invitation and its answers, and
for gifts (stamped by the database with the real clock) by moving a battle's window on its rows.
"""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.pk import services
from apps.pk.models import Battle, Booster
from apps.wallet import services as wallet
from apps.wallet.audit import audit
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture(autouse=True)
def gift_catalog(db):
    """The catalog migration 0002 seeds (a transactional test elsewhere may have flushed it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


@pytest.fixture
def make_host(db):
    """`make_host(name)`: a creator live on a stream of their own."""

    def make(username: str | None = None):
        host = UserFactory(**({"username": username} if username else {}))
        LiveStreamFactory(creator=host, title=f"{host.username} live")
        return host

    return make


@pytest.fixture
def hosts(make_host):
    return [make_host(name) for name in ("ana", "bo", "cy", "di", "ed", "flo")]


@pytest.fixture
def make_fan(db):
    staff = UserFactory(is_staff=True)

    def make(coins: int = 10_000):
        fan = UserFactory()
        wallet.wallet_grant(user=fan, amount=coins, reason="test", granted_by=staff)
        return fan

    return make


@pytest.fixture
def fan(make_fan):
    return make_fan()


@pytest.fixture
def books_balance():
    yield
    assert audit() == []


def stream_of(host):
    return host.streams.get(status="live")


def gift(fan, host, name: str = "Rose", quantity: int = 1, **kwargs):
    """`fan` sends `quantity` of a gift to `host`'s live stream."""
    gift_id = Gift.objects.get(name=name).pk
    return gifting.gift_send(stream=stream_of(host), sender=fan, gift_id=gift_id, quantity=quantity, **kwargs)


def start(host, *opponents, teammates=(), **options) -> Battle:
    """An invitation, accepted by everyone invited."""
    mode = "team" if teammates or len(opponents) > 1 else "solo"
    battle = services.battle_invite(host=host, opponents=opponents, teammates=teammates, mode=mode, **options)
    for invitee in [*teammates, *opponents]:
        services.battle_accept(battle=battle, host=invitee)
    battle.refresh_from_db()
    return battle


def at_second(battle: Battle, elapsed: float) -> Battle:
    """Move the battle (and its own boosters) on the clock so that `elapsed` seconds of it have
    gone by now: the next gift lands at that point of the battle."""
    shift = timezone.now() - timedelta(seconds=elapsed) - battle.starts_at
    battle.starts_at += shift
    battle.ends_at += shift
    if battle.overtime_starts_at:
        battle.overtime_starts_at += shift
    battle.save(update_fields=["starts_at", "ends_at", "overtime_starts_at"])
    for booster in Booster.objects.filter(battle=battle):
        booster.starts_at += shift
        booster.ends_at += shift
        booster.save(update_fields=["starts_at", "ends_at"])
    return battle


def time_up(battle: Battle) -> Battle:
    """The clock runs out on the battle (the ETA task's call, at its time)."""
    battle.refresh_from_db()
    services.battle_end(battle=battle, now=battle.ends_at)
    battle.refresh_from_db()
    return battle
