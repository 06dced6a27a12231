"""/tournaments/: tabs (upcoming, check-in open, live, finished), the game filter, the cards, and the
header's link to it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.timezones import SESSION_KEY
from apps.tournaments.models import Tournament, TournamentStatus
from tests.factories import UserFactory
from tests.tournaments.pages_data import elite_user, tournament_with

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [t.name for t in response.context["tournaments"]]


def test_the_header_links_the_list(client):
    response = client.get("/live/")
    assert b'href="/tournaments/"' in response.content


def test_a_card_shows_game_format_start_fee_pool_and_places(client):
    tournament = tournament_with(3, name="Downtown Cup", capacity=16, entry_fee=0)
    tournament.sponsorships.create(sponsor=UserFactory(), coins=1200)
    response = client.get("/tournaments/")
    html = response.content.decode()
    assert response.status_code == 200
    assert _names(response) == ["Downtown Cup"]
    assert "1v1 · Double elimination" in html
    assert "Free" in html
    assert "1,200 coins" in html
    assert "3 / 16" in html


def test_the_start_time_is_in_the_viewers_time_zone(client):
    start = timezone.now().replace(hour=18, minute=30, second=0, microsecond=0) + timedelta(days=2)
    tournament_with(2, start_at=start)
    session = client.session
    session[SESSION_KEY] = "Asia/Tokyo"
    session.save()
    html = client.get("/tournaments/").content.decode()
    assert "03:30 JST" in html  # 18:30 UTC


def test_tabs_sort_tournaments_by_when(client):
    now = timezone.now()
    tournament_with(2, name="Later")
    tournament_with(2, name="Checking in", start_at=now + timedelta(minutes=20), check_in_minutes=30)
    tournament_with(2, name="Not yet", start_at=now + timedelta(minutes=50), check_in_minutes=30)
    live = tournament_with(2, name="On now")
    finished = tournament_with(2, name="Done")
    Tournament.objects.filter(pk=live.pk).update(status=TournamentStatus.LIVE)
    Tournament.objects.filter(pk=finished.pk).update(status=TournamentStatus.FINALIZED)
    assert _names(client.get("/tournaments/")) == ["On now"]  # something is live: that first
    assert set(_names(client.get("/tournaments/?tab=upcoming"))) == {"Later", "Not yet"}
    assert _names(client.get("/tournaments/?tab=check_in")) == ["Checking in"]
    assert _names(client.get("/tournaments/?tab=live")) == ["On now"]
    assert _names(client.get("/tournaments/?tab=finished")) == ["Done"]


def test_an_unknown_tab_or_game_shows_the_default(client):
    tournament_with(2, name="Later")
    response = client.get("/tournaments/?tab=nope&game=" + "x" * 500)
    assert response.status_code == 200
    assert _names(response) == ["Later"]


def test_the_game_filter(client):
    tournament_with(2, name="Shootout", game="THREE_POINT")
    tournament_with(2, name="One on one", game="1V1")
    assert _names(client.get("/tournaments/?game=THREE_POINT")) == ["Shootout"]


def test_verified_only_events_carry_a_badge_and_their_price(client):
    tournament_with(2, name="Pros", verified_only=True, entry_fee=100)
    html = client.get("/tournaments/").content.decode()
    assert "Verified only" in html
    assert "125 coins" in html


def test_only_users_who_may_create_see_the_create_button(client):
    tournament_with(2)
    client.force_login(UserFactory())
    assert b"Create a tournament" not in client.get("/tournaments/").content
    client.force_login(elite_user())
    assert b"Create a tournament" in client.get("/tournaments/").content


def test_nothing_live_opens_on_upcoming(client):
    tournament_with(2, name="Later")
    response = client.get("/tournaments/")
    assert response.context["tab"] == "upcoming"
    assert _names(response) == ["Later"]


def test_the_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    organizer = elite_user()
    tournament_with(2, name="First", organizer=organizer)
    # The game types, whether anything is live (for the default tab), the check-in windows in use
    # (upcoming excludes those checking in), the page of tournaments with their totals.
    with django_assert_max_num_queries(4) as few:
        client.get("/tournaments/")
    for number in range(6):
        tournament_with(4, name=f"More {number}", organizer=organizer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/tournaments/")
    assert len(response.context["tournaments"]) == 7


def test_the_check_in_windows_are_read_once_per_length_not_per_tournament(client):
    now = timezone.now()
    for minutes in (30, 30, 30, 60):
        tournament_with(2, start_at=now + timedelta(hours=3), check_in_minutes=minutes)
    with CaptureQueriesContext(connection) as read:
        client.get("/tournaments/?tab=upcoming")
    windows = next(q["sql"] for q in read.captured_queries if "DISTINCT" in q["sql"])
    assert "start_at" not in windows.split("FROM")[0]
