"""The viewer's time zone: the browser tells it, the profile (or an anonymous session) keeps it,
pages show times in it, and the go-live form reads a schedule time in it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from apps.streaming.forms import GoLiveForm
from apps.streaming.models import Stream
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.django_db

TIME_ZONE_API = "/api/v1/me/time-zone"
NEW_YORK = "America/New_York"


def _signed_in(zone: str) -> tuple[Client, object]:
    """A browser session of a user whose profile keeps `zone` (copied into the session at log-in)."""
    user = UserFactory()
    user.profile.time_zone = zone
    user.profile.save(update_fields=["time_zone"])
    client = Client()
    client.force_login(user)
    return client, user


def test_the_browser_zone_is_kept_on_the_profile_and_in_the_session():
    user = UserFactory()
    client = APIClient()
    client.force_login(user)
    response = client.post(TIME_ZONE_API, {"time_zone": "Europe/Paris"}, format="json")
    assert (response.status_code, response.json()) == (200, {"time_zone": "Europe/Paris"})
    user.profile.refresh_from_db()
    assert user.profile.time_zone == "Europe/Paris"
    assert client.session["time_zone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("zone", "code"),
    [("Mars/Olympus_Mons", "unknown_time_zone"), ("../../etc/passwd", "unknown_time_zone"), ("A" * 65, "invalid")],
)
def test_an_unknown_or_overlong_zone_is_refused(zone, code):
    user = UserFactory()
    client = APIClient()
    client.force_login(user)
    response = client.post(TIME_ZONE_API, {"time_zone": zone}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, code)
    user.profile.refresh_from_db()
    assert user.profile.time_zone == ""
    assert "time_zone" not in client.session


def test_the_profile_field_refuses_an_unknown_zone():
    profile = UserFactory().profile
    profile.time_zone = "Nowhere/Special"
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "time_zone" in refused.value.message_dict


def test_a_stored_zone_shows_a_known_utc_time_as_local():
    stream = StreamFactory(scheduled_for=datetime(2031, 1, 15, 17, 30, tzinfo=UTC))
    client, _ = _signed_in(NEW_YORK)
    html = client.get(f"/streams/{stream.pk}/").content.decode()
    assert "Wed 15 Jan, 12:30 EST" in html
    assert 'data-time-zone="America/New_York"' in html
    # Another viewer, zone unknown: UTC, and the page says so.
    html = Client().get(f"/streams/{stream.pk}/").content.decode()
    assert "Wed 15 Jan, 17:30 UTC" in html
    assert 'data-time-zone="UTC"' in html


def test_an_anonymous_visitors_zone_lives_in_their_session():
    stream = StreamFactory(scheduled_for=datetime(2031, 7, 1, 9, 0, tzinfo=UTC))
    client = Client()
    response = client.post(TIME_ZONE_API, {"time_zone": "Asia/Tokyo"}, content_type="application/json")
    assert response.status_code == 200
    assert "Tue 1 Jul, 18:00 JST" in client.get(f"/streams/{stream.pk}/").content.decode()


def test_go_live_reads_the_schedule_time_in_the_creators_zone():
    client, creator = _signed_in(NEW_YORK)
    form_page = client.get("/creator/go-live/").content.decode()
    assert "In your time zone, America/New_York." in form_page
    when = timezone.now().year + 1
    response = client.post(
        "/creator/go-live/",
        {
            "title": "Morning shootaround",
            "category": "PRACTICE",
            "visibility": "public",
            "scheduled_for": f"{when}-01-15T09:00",
            "action": "schedule",
        },
    )
    assert response.status_code == 302
    stream = Stream.objects.get(creator=creator)
    assert stream.scheduled_for == datetime(when, 1, 15, 14, 0, tzinfo=UTC)  # 09:00 EST is 14:00 UTC
    studio = client.get(response["Location"]).content.decode()
    assert "15 Jan, 09:00 EST" in studio


def test_the_go_live_form_shows_a_stored_time_back_in_the_creators_zone():
    with timezone.override(NEW_YORK):
        form = GoLiveForm(initial={"scheduled_for": datetime(2031, 1, 15, 14, 0, tzinfo=UTC)})
        field = str(form["scheduled_for"])
    assert re.search(r'value="2031-01-15T09:00"', field)


def test_time_zones_do_not_leak_between_requests():
    stream = StreamFactory(scheduled_for=timezone.now() + timedelta(days=1))
    new_york, _ = _signed_in(NEW_YORK)
    new_york.get(f"/streams/{stream.pk}/")
    assert 'data-time-zone="UTC"' in Client().get("/live/").content.decode()
