"""`/api/v1/challenges`: the shapes, and every refusal as `{"code", "detail"}` with its status."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.tournaments.models import Challenge
from apps.wallet.audit import audit
from tests.factories import api_client_for, make_platform_moderator
from tests.tournaments.challenges_support import add_game_types, challenge, coins, earnings, escrow, player, revenue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def game_types(db):
    add_game_types()


def error(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) >= {"code", "detail"}
    assert body["detail"]
    return response.status_code, body["code"]


def post(user, url: str, body=None):
    return api_client_for(user).post(f"/api/v1/challenges{url}", body or {}, format="json")


def test_challenge_accept_and_list_over_the_api():
    ana, bo = player(1000, username="ana"), player(1000, username="bo")
    made = post(ana, "", {"opponent": bo.pk, "game_type": "1V1", "best_of": 3, "stake": 100, "message": "Saturday?"})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["status"], body["game_type"], body["best_of"], body["stake"], body["pot"]) == (
        "pending",
        "1V1",
        3,
        100,
        200,
    )
    assert (body["challenger"]["username"], body["opponent"]["username"], body["message"]) == ("ana", "bo", "Saturday?")
    assert (body["challenger_stake_by"], body["opponent_stake_by"], body["match"]) == (ana.pk, None, None)
    assert (body["platform_cut_percent"], body["expires_at"] is not None) == (10, True)

    accepted = post(bo, f"/{body['id']}/accept")
    assert accepted.status_code == 200, accepted.json()
    match = accepted.json()["match"]
    assert (accepted.json()["status"], match["status"], match["games"], match["winner"]) == (
        "accepted",
        "ready",
        [],
        None,
    )
    assert (coins(ana), coins(bo), escrow()) == (900, 900, 200)

    mine = api_client_for(bo).get("/api/v1/challenges").json()
    assert (mine["count"], [c["id"] for c in mine["results"]]) == (1, [body["id"]])
    assert api_client_for(bo).get("/api/v1/challenges?status=pending").json()["count"] == 0
    assert api_client_for(player()).get("/api/v1/challenges").json()["count"] == 0
    assert audit() == []


def test_the_list_shows_made_received_and_sponsored_newest_first():
    ana, bo, cy, fan = player(1000), player(), player(), player(1000)
    first = challenge(ana, bo, stake=10)
    second = challenge(cy, ana, stake=0)
    sponsored = post(fan, f"/{first.pk}/sponsor", {"side": "opponent"})
    assert (sponsored.status_code, sponsored.json()["opponent_stake_by"]) == (200, fan.pk)
    assert [c["id"] for c in api_client_for(ana).get("/api/v1/challenges").json()["results"]] == [second.pk, first.pk]
    assert [c["id"] for c in api_client_for(fan).get("/api/v1/challenges").json()["results"]] == [first.pk]


def test_paying_for_a_friend_to_challenge_a_rival():
    fan, friend, rival = player(500), player(), player()
    made = post(fan, "", {"opponent": rival.pk, "game_type": "1V1", "stake": 100, "on_behalf_of": friend.pk})
    assert made.status_code == 201, made.json()
    assert (made.json()["challenger"]["id"], made.json()["challenger_stake_by"]) == (friend.pk, fan.pk)
    assert (coins(fan), coins(friend)) == (400, 0)


def test_decline_and_cancel():
    ana, bo = player(1000), player()
    first = challenge(ana, bo)
    assert post(bo, f"/{first.pk}/decline").json()["status"] == "declined"
    second = challenge(ana, bo)
    assert post(ana, f"/{second.pk}/cancel").json()["status"] == "cancelled"
    assert (coins(ana), escrow()) == (1000, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stake": -1}, "stake"),
        ({"stake": 1_000_001}, "stake"),
        ({"stake": "100"}, "stake"),
        ({"best_of": 2}, "best_of"),
        ({"message": "x" * 201}, "message"),
        ({"opponent": 0}, "opponent"),
        ({"opponent": 2**63}, "opponent"),
        ({"game_type": ""}, "game_type"),
    ],
)
def test_input_out_of_bounds_is_a_400_naming_the_field(body, field):
    ana, bo = player(1000), player()
    response = post(ana, "", {"opponent": bo.pk, "game_type": "1V1"} | body)
    assert error(response) == (400, "invalid")
    assert list(response.json()["errors"]) == [field]
    assert (Challenge.objects.count(), coins(ana)) == (0, 1000)


def test_refusals_from_the_service():
    ana, bo, broke = player(1000), player(), player(5)
    assert error(post(ana, "", {"opponent": ana.pk, "game_type": "1V1"})) == (400, "cannot_challenge_yourself")
    assert error(post(ana, "", {"opponent": 99_999_999, "game_type": "1V1"})) == (400, "challenge_invalid")
    assert error(post(ana, "", {"opponent": bo.pk, "game_type": "CHESS"})) == (400, "challenge_invalid")
    assert error(post(broke, "", {"opponent": bo.pk, "game_type": "1V1", "stake": 6})) == (400, "insufficient_coins")
    made = post(ana, "", {"opponent": bo.pk, "game_type": "1V1", "stake": 10}).json()
    assert error(post(bo, "", {"opponent": ana.pk, "game_type": "1V1"})) == (409, "challenge_exists")
    assert error(post(ana, f"/{made['id']}/accept")) == (403, "own_challenge")
    assert error(post(bo, f"/{made['id']}/cancel")) == (403, "not_allowed")
    assert error(post(bo, f"/{made['id']}/sponsor")) == (403, "sponsor_is_player")
    assert error(post(player(), f"/{made['id']}/sponsor", {"side": "referee"})) == (400, "invalid")
    assert error(post(bo, "/99999999/accept")) == (404, "challenge_not_found")
    assert error(post(bo, f"/{made['id']}/accept")) == (400, "insufficient_coins")
    assert (Challenge.objects.get().status, coins(broke), coins(ana), escrow()) == ("pending", 5, 990, 10)
    assert audit() == []


def test_accepting_twice_or_too_late_is_a_409():
    ana, bo = player(1000), player(1000)
    first = challenge(ana, bo)
    post(bo, f"/{first.pk}/accept")
    assert error(post(bo, f"/{first.pk}/accept")) == (409, "wrong_state")
    Challenge.objects.filter(pk=first.pk).update(status="completed")
    late = challenge(bo, ana)
    Challenge.objects.filter(pk=late.pk).update(expires_at=late.created_at)
    assert error(post(ana, f"/{late.pk}/accept")) == (409, "challenge_expired")
    assert (Challenge.objects.get(pk=late.pk).status, coins(bo)) == ("expired", 900)


def test_signed_out_is_refused():
    assert APIClient().get("/api/v1/challenges").status_code in (401, 403)
    assert APIClient().post("/api/v1/challenges", {}, format="json").status_code in (401, 403)


def test_a_status_filter_outside_the_choices_is_a_400():
    assert error(api_client_for(player()).get("/api/v1/challenges?status=won")) == (400, "invalid")


def test_both_players_report_and_the_winner_is_paid():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100, best_of=3)
    post(bo, f"/{made.pk}/accept")
    first = post(ana, f"/{made.pk}/report", {"games": [[11, 7], [5, 11], [11, 9]]})
    assert (first.status_code, first.json()["status"], first.json()["match"]["status"]) == (200, "accepted", "live")
    second = post(bo, f"/{made.pk}/report", {"games": [[7, 11], [11, 5], [9, 11]]})
    body = second.json()
    assert (body["status"], body["match"]["status"], body["match"]["winner"]) == ("completed", "done", ana.pk)
    assert body["match"]["games"] == [[11, 7], [5, 11], [11, 9]]
    assert (coins(ana), coins(bo), earnings(ana), revenue(), escrow()) == (900, 900, 180, 20, 0)
    assert error(post(ana, f"/{made.pk}/report", {"games": [[11, 0], [11, 0]]})) == (409, "wrong_state")
    assert audit() == []


def test_reports_that_differ_wait_for_a_moderator_with_the_stakes_held():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100)
    post(bo, f"/{made.pk}/accept")
    post(ana, f"/{made.pk}/report", {"games": [[11, 7]]})
    disputed = post(bo, f"/{made.pk}/report", {"games": [[11, 7]]}).json()
    assert (disputed["status"], disputed["match"]["status"]) == ("accepted", "disputed")
    assert (earnings(ana), earnings(bo), escrow()) == (0, 0, 200)
    settle = {"winner_id": bo.pk, "games": [[7, 11]], "reason": "The video shows it"}
    assert error(post(ana, f"/{made.pk}/settle", settle)) == (403, "not_allowed")  # a player settles nothing
    assert error(post(player(is_staff=True), f"/{made.pk}/settle", {**settle, "reason": ""})) == (400, "invalid")
    # A platform moderator (the desk's disputes queue links here) settles as staff do.
    settled = post(make_platform_moderator(player()), f"/{made.pk}/settle", settle).json()
    assert (settled["status"], settled["match"]["winner"]) == ("completed", bo.pk)
    assert (earnings(bo), revenue(), escrow()) == (180, 20, 0)
    assert audit() == []


def test_report_refusals():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo)
    assert error(post(ana, f"/{made.pk}/report", {"games": [[11, 7]]})) == (409, "wrong_state")
    post(bo, f"/{made.pk}/accept")
    assert error(post(player(), f"/{made.pk}/report", {"games": [[11, 7]]})) == (403, "not_allowed")
    assert error(post(ana, f"/{made.pk}/report", {"games": [[11, 11]]}))[0] == 400
    assert error(post(ana, f"/{made.pk}/report", {"games": [[11, 1001]]})) == (400, "invalid")
    assert error(post(ana, f"/{made.pk}/report", {"games": []})) == (400, "invalid")
    assert Challenge.objects.get().match.status == "ready"


def test_the_list_costs_the_same_with_more_challenges():
    ana = player(1000)
    client = api_client_for(ana)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/challenges").status_code == 200
        return len(captured)

    accepted = challenge(ana, player(1000), stake=10)
    post(accepted.opponent, f"/{accepted.pk}/accept")
    few = queries_for_the_list()
    for _ in range(4):
        accepted = challenge(ana, player(1000), stake=10)
        post(accepted.opponent, f"/{accepted.pk}/accept")
        challenge(player(), ana, stake=0)
    assert queries_for_the_list() == few


def test_paying_for_a_friend_who_cannot_play_is_refused():
    fan, friend, rival = player(500), player(is_active=False), player()
    response = post(fan, "", {"opponent": rival.pk, "game_type": "1V1", "stake": 100, "on_behalf_of": friend.pk})
    assert error(response) == (400, "player_unavailable")
    assert (Challenge.objects.count(), coins(fan)) == (0, 500)
