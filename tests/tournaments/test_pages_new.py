"""/tournaments/new/: the form for those the rule lets create, the rule's reason for everyone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.tournaments.models import GameType, Tournament
from tests.factories import UserFactory
from tests.tournaments.pages_data import elite_user

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    start = timezone.localtime(timezone.now() + timedelta(days=3))
    return {
        "name": "Friday Night Lights",
        "game_type": GameType.objects.get(code="FREE_THROW").pk,
        "description": "Ten shots each.",
        "format": "SINGLE_ELIMINATION",
        "grand_final": "reset",
        "groups": "1",
        "best_of": "3",
        "final_best_of": "5",
        "capacity": "16",
        "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "check_in_minutes": "30",
        "entry_fee": "50",
        "seeding": "rating",
        "prize_split": "60, 30, 10",
    } | changes


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get("/tournaments/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_users_without_the_tier_see_why_not_and_no_form(client):
    client.force_login(UserFactory())
    response = client.get("/tournaments/new/")
    assert response.status_code == 200
    assert response.context["form"] is None
    assert response.context["problem"].detail in response.content.decode()
    client.post("/tournaments/new/", _form())
    assert not Tournament.objects.exists()


def test_an_elite_player_creates_a_tournament(client):
    me = elite_user()
    client.force_login(me)
    assert client.get("/tournaments/new/").context["form"] is not None
    response = client.post("/tournaments/new/", _form())
    tournament = Tournament.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tournaments/{tournament.pk}/"
    assert (tournament.organizer, tournament.name, tournament.best_of, tournament.final_best_of) == (
        me,
        "Friday Night Lights",
        3,
        5,
    )
    assert tournament.prize_split == [60, 30, 10]


def test_staff_may_create(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/tournaments/new/").context["form"] is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"prize_split": "50, 30"}, "prize_split"),
        ({"prize_split": "half, half"}, "prize_split"),
        ({"capacity": "300"}, "capacity"),
        ({"capacity": "1"}, "capacity"),
        ({"name": "x" * 61}, "name"),
        ({"best_of": "2"}, "best_of"),
        ({"entry_fee": "-1"}, "entry_fee"),
        ({"start_at": "someday"}, "start_at"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_written(client, changes, field):
    client.force_login(elite_user())
    response = client.post("/tournaments/new/", _form(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Tournament.objects.exists()
