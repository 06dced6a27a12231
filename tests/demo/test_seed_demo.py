import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Follow, SponsorLogo, User, VerificationRequest
from apps.gifting.models import GiftSend
from apps.notifications.models import Notification
from apps.streaming.models import ChatMessage, Stream
from apps.wallet.audit import audit
from apps.wallet.models import Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gift_catalog():
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def _counts():
    return tuple(
        model.objects.count()
        for model in (User, Follow, VerificationRequest, SponsorLogo, Stream, ChatMessage, GiftSend, Transfer)
    )


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == 9
    tiers = set(User.objects.values_list("profile__verification_tier", flat=True))
    assert {"CELEBRITY", "ELITE_VERIFIED", "PREMIUM_VERIFIED", "BASIC_VERIFIED", "UNVERIFIED"} <= tiers
    assert User.objects.get(username="staff").is_staff
    assert GiftSend.objects.count() == 3
    # Sponsor logos uploaded like anyone's, served from our media.
    assert SponsorLogo.objects.count() == 3
    assert all(logo.image.url.startswith("/media/sponsors/") for logo in SponsorLogo.objects.all())
    assert audit() == []
    out = capsys.readouterr().out
    assert "ballskill-demo" in out
    assert "hooperjay" in out


def test_demo_streams_are_past_broadcasts_with_stats_or_upcoming_never_live():
    """A live stream without an encoder publishing would be a LIVE page with no picture."""
    call_command("seed_demo")
    assert sorted(Stream.objects.values_list("status", flat=True)) == ["ended", "ended", "scheduled", "scheduled"]
    for stream in Stream.objects.filter(status="ended"):
        assert stream.duration_seconds >= 30 * 60
        assert stream.peak_viewers >= 1
        assert stream.stats_computed_at is not None
        assert stream.messages_count >= 1
        assert stream.total_watch_seconds >= stream.peak_viewers * 30 * 60
        assert stream.gift_sends.exists()
    assert all(stream.scheduled_for > timezone.now() for stream in Stream.objects.filter(status="scheduled"))


def test_the_live_page_after_seeding_shows_upcoming_and_past_broadcasts(client):
    call_command("seed_demo")
    html = client.get(reverse("live")).content.decode()
    assert "Nobody is live" in html
    assert "3-point contest: 100 shots, 5 racks" in html  # coming up
    assert "Friday night 1v1s: the rematch" in html
    assert "Baseline cam: passing reads" in html  # a past broadcast, with its stats
    assert "1:15:00" in html
    assert 'class="live-pill"' not in html


@pytest.mark.django_db(transaction=True)  # commits as `make run` does, so the events' subscribers run
def test_followers_heard_of_each_past_broadcast_when_it_went_live_not_when_seeded():
    call_command("seed_demo")
    for stream in Stream.objects.filter(status="ended"):
        told = Notification.objects.filter(url=reverse("streaming:watch", args=[stream.pk]), kind="followed_live")
        assert told.exists()
        assert {notification.created_at for notification in told} == {stream.started_at}
