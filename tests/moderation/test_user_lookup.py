"""The desk's user lookup: finding a user, and what it shows about them (account, tier, age,
restrictions standing and past, recent messages, gift totals, and for platform moderators the
sign-up address and burst flag, the sign-in lockout and refused API writes). A channel moderator
sees their channels' part only."""

import importlib
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import SignupAddress
from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.restrictions.models import Restriction
from apps.streaming.models import ChatMessage
from apps.wallet import services as wallet
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.desk_support import channel_with_moderator
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def _lookup(client, moderator, user):
    client.force_login(moderator)
    response = client.get(f"/moderation/users/{user.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, marker: str) -> str:
    return page.split(marker, 1)[1].split("</dd>", 1)[0]


def test_search_finds_users_by_name_email_or_id(client):
    someone = UserFactory(username="crossover_king", email="king@example.com")
    client.force_login(PlatformModeratorFactory())
    for query in ("crossover", "king@example.com", str(someone.pk)):
        page = client.get("/moderation/users/", {"q": query}).content.decode()
        assert f"/moderation/users/{someone.pk}/" in page, query
    assert "Nobody matches" in client.get("/moderation/users/", {"q": "zzz-nobody"}).content.decode()
    partial = client.get("/moderation/users/", {"q": "crossover"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert "crossover_king" in partial


def test_an_unknown_user_is_404(client):
    client.force_login(PlatformModeratorFactory())
    assert client.get("/moderation/users/999999/").status_code == 404


def test_the_lookup_shows_account_restrictions_messages_and_gifts(client):
    creator, _ = channel_with_moderator()
    someone = UserFactory(username="loud_one")
    now = timezone.now()
    Restriction.objects.create(
        user=someone,
        channel=creator,
        kind="timeout",
        reason="spam links",
        created_at=now,
        ends_at=now + timedelta(hours=1),
    )
    Restriction.objects.create(
        user=someone,
        channel=creator,
        kind="timeout",
        reason="old caps",
        created_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(minutes=10),
    )
    stream = LiveStreamFactory(creator=creator, title="Dribble lab")
    ChatMessage.objects.create(stream=stream, user=someone, content="buy followers here")
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    wallet.wallet_grant(user=someone, amount=1000, reason="test", granted_by=UserFactory(is_staff=True))
    gift = Gift.objects.order_by("coin_cost").first()
    gifting.gift_send(stream=stream, sender=someone, gift_id=gift.pk, quantity=2)

    page = _lookup(client, PlatformModeratorFactory(), someone)

    assert "loud_one" in page
    assert "data-tier>Unverified<" in page
    standing, past = page.split("<h3>Standing</h3>", 1)[1].split("<h3>Past</h3>", 1)
    assert "spam links" in standing
    assert "old caps" not in standing
    assert "old caps" in past.split("lookup-messages")[0]
    assert "buy followers here" in page
    assert "Dribble lab" in page
    assert f"2 gifts, {gift.coin_cost * 2:,} coins" in _section(page, "data-gifts-sent>")
    assert "0 gifts, 0 coins" in _section(page, "data-gifts-received>")


def test_a_channel_moderator_sees_their_channels_part_and_no_sign_in_records(client):
    creator, moderator = channel_with_moderator()
    elsewhere = UserFactory()
    someone = UserFactory()
    now = timezone.now()
    Restriction.objects.create(user=someone, channel=creator, kind="warning", reason="mine", created_at=now)
    Restriction.objects.create(user=someone, channel=elsewhere, kind="warning", reason="theirs", created_at=now)
    ChatMessage.objects.create(stream=LiveStreamFactory(creator=elsewhere), user=someone, content="said elsewhere")

    page = _lookup(client, moderator, someone)

    assert "mine" in page
    assert "theirs" not in page
    assert "said elsewhere" not in page
    for platform_only in ("data-lockout", "data-throttled", "data-burst", someone.email):
        assert platform_only not in page


def test_the_burst_flag_and_sign_up_address_show(client):
    someone = UserFactory()
    SignupAddress.objects.create(user=someone, address="203.0.113.9", in_burst=True)
    page = _lookup(client, PlatformModeratorFactory(), someone)
    assert "203.0.113.9" in page
    assert "Flagged" in _section(page, "data-burst>")


@pytest.mark.usefixtures("own_cache")
def test_the_lockout_shows_after_wrong_passwords(client):
    someone = UserFactory(username=f"lock{uuid.uuid4().hex[:10]}")
    moderator = PlatformModeratorFactory()
    page = _lookup(client, moderator, someone)
    assert "Not locked out" in _section(page, "data-lockout>")

    address = "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])
    for _ in range(5):  # allauth's default: 5 failures per login in 5 minutes
        APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token", {"username": someone.username, "password": "no"})
    lockout = _section(_lookup(client, moderator, someone), "data-lockout>")
    assert "Locked out" in lockout
    assert "5 wrong passwords" in lockout


@pytest.mark.usefixtures("own_cache")
def test_refused_api_writes_are_counted(client, settings):
    settings.API_WRITE_RATE = "2/min"
    someone = UserFactory()
    api = APIClient()
    api.force_authenticate(someone)
    creator = UserFactory()
    statuses = [api.post(f"/api/v1/users/{creator.pk}/follow").status_code for _ in range(5)]
    assert statuses.count(429) == 3
    assert "3 in the last day" in _section(_lookup(client, PlatformModeratorFactory(), someone), "data-throttled>")
