"""`GET /api/v1/leaderboards/{game_type}` and `GET /api/v1/users/{id}/rating`: shapes, paging, errors and
the profile-visibility rule."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import AthleteProfile
from tests.factories import UserFactory
from tests.tournaments.ratings_support import RatingFactory, game_type, play

pytestmark = pytest.mark.django_db


def error(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) >= {"code", "detail"}
    assert body["detail"]
    return response.status_code, body["code"]


def test_a_leaderboard_page_lists_established_ratings_with_places(api_client):
    top = RatingFactory(rating=1850, deviation=50, wins=10, losses=2, current_streak=4)
    RatingFactory(rating=1700)
    RatingFactory(rating=1990, deviation=200)

    body = api_client.get("/api/v1/leaderboards/1V1?limit=1").json()

    assert (body["count"], body["page"], body["limit"]) == (2, 1, 1)
    assert body["next"].endswith("page=2")
    assert body["previous"] is None
    assert body["results"] == [
        {
            "place": 1,
            "player": {
                "id": top.player.pk,
                "username": top.player.username,
                "name": top.player.public_name,
                "tier": "UNVERIFIED",
            },
            "rating": 1850.0,
            "deviation": 50.0,
            "display": "1850 ± 100",
            "wins": 10,
            "losses": 2,
            "current_streak": 4,
        }
    ]
    second = api_client.get("/api/v1/leaderboards/1v1?limit=1&page=2").json()["results"]
    assert [row["place"] for row in second] == [2]


def test_a_leaderboard_refuses_what_it_does_not_know(api_client):
    assert error(api_client.get("/api/v1/leaderboards/CHESS")) == (404, "game_type_not_found")
    assert error(api_client.get("/api/v1/leaderboards/1V1?limit=0"))[0] == 400
    assert error(api_client.get("/api/v1/leaderboards/1V1?page=abc"))[0] == 400
    assert error(api_client.get("/api/v1/leaderboards/1V1?page=5"))[0] == 404


def test_an_inactive_game_type_has_no_leaderboard(api_client):
    kind = game_type("THREE_POINT")
    kind.active = False
    kind.save()

    assert error(api_client.get("/api/v1/leaderboards/THREE_POINT")) == (404, "game_type_not_found")


def test_a_users_rating_lists_every_game_type_and_the_record(api_client):
    ana = UserFactory()
    play(ana, UserFactory())

    body = api_client.get(f"/api/v1/users/{ana.pk}/rating").json()

    assert [row["game_type"] for row in body["ratings"]] == ["1V1", "FREE_THROW", "THREE_POINT"]
    one_v_one, free_throw = body["ratings"][:2]
    assert (one_v_one["rated_matches"], one_v_one["wins"], one_v_one["current_streak"]) == (1, 1, 1)
    assert one_v_one["display"].startswith(f"{round(one_v_one['rating'])}? ± ")
    assert free_throw == {
        "game_type": "FREE_THROW",
        "game_type_name": game_type("FREE_THROW").name,
        "rating": 1500.0,
        "deviation": 350.0,
        "volatility": 0.06,
        "display": "1500? ± 700",
        "established": False,
        "rated_matches": 0,
        "wins": 0,
        "losses": 0,
        "current_streak": 0,
        "longest_win_streak": 0,
        "highest_rating": 1500.0,
    }
    assert {key: body[key] for key in body if key != "ratings"} == {
        "highest_rating": 1500,
        "current_streak": 1,
        "longest_win_streak": 1,
        "wins": 1,
        "losses": 0,
        "win_rate": 100,
        "events_entered": 0,
        "events_won": 0,
    }


def test_a_private_profile_keeps_its_rating_to_itself(api_client):
    ana = UserFactory()
    AthleteProfile.objects.filter(user=ana).update(profile_visibility="PRIVATE")

    assert error(api_client.get(f"/api/v1/users/{ana.pk}/rating")) == (403, "profile_private")
    own = APIClient()
    own.force_authenticate(ana)
    assert own.get(f"/api/v1/users/{ana.pk}/rating").status_code == 200


def test_a_verified_only_profile_hides_its_rating_from_the_unverified(auth_api_client):
    ana = UserFactory()
    AthleteProfile.objects.filter(user=ana).update(profile_visibility="VERIFIED_ONLY")

    assert error(auth_api_client.get(f"/api/v1/users/{ana.pk}/rating")) == (403, "profile_private")


def test_an_unknown_user_has_no_rating(api_client):
    assert error(api_client.get("/api/v1/users/999999/rating"))[0] == 404
    assert error(api_client.get(f"/api/v1/users/{UserFactory(is_active=False).pk}/rating"))[0] == 404
