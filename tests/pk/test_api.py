"""`/api/v1/pk/battles` and `/api/v1/users/{id}/pk`: the shapes, the errors, the query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from apps.accounts.models import AthleteProfile
from apps.pk.models import Battle
from apps.streaming.models import Stream
from tests.factories import UserFactory, api_client_for
from tests.pk.conftest import gift, start, stream_of, time_up

pytestmark = pytest.mark.django_db


def invite(host, **body):
    return api_client_for(host).post("/api/v1/pk/battles", body, format="json")


def error(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) >= {"code", "detail"}
    assert body["detail"]
    return response.status_code, body["code"]


def test_invite_accept_play_and_leave_over_the_api(hosts, fan):
    ana, bo = hosts[:2]
    response = invite(ana, opponents=[bo.pk], duration=180, tie_rule="sudden_death", boosters=True)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["mode"], body["status"], body["duration"], body["tie_rule"]) == (
        "solo",
        "invited",
        180,
        "sudden_death",
    )
    assert [[h["user"]["username"] for h in side["hosts"]] for side in body["sides"]] == [["ana"], ["bo"]]
    assert [h["status"] for side in body["sides"] for h in side["hosts"]] == ["accepted", "invited"]

    accepted = api_client_for(bo).post(f"/api/v1/pk/battles/{body['id']}/accept")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "active"
    assert [b["factor"] for b in accepted.json()["boosters"]] == [2]

    gift(fan, ana, "Crown")
    state = APIClient().get(f"/api/v1/pk/battles/{body['id']}").json()
    assert [side["points"] for side in state["sides"]] == [50, 0]
    assert state["sides"][0]["mvp"]["points"] == 50
    assert state["sides"][0]["top_gifters"][0]["user"]["username"] == fan.username
    assert state["sides"][1]["mvp"] is None

    left = api_client_for(ana).post(f"/api/v1/pk/battles/{body['id']}/leave")
    assert left.status_code == 200
    assert (left.json()["status"], left.json()["end_reason"], left.json()["winner"]) == ("ended", "forfeit", 2)


def test_a_team_invitation(hosts):
    ana, bo, cy, di, *_ = hosts
    response = invite(ana, mode="team", teammates=[bo.pk], opponents=[cy.pk, di.pk])
    assert response.status_code == 201, response.json()
    assert [side["label"] for side in response.json()["sides"]] == ["Team A", "Team B"]


def test_decline(hosts):
    ana, bo = hosts[:2]
    battle_id = invite(ana, opponents=[bo.pk]).json()["id"]
    response = api_client_for(bo).post(f"/api/v1/pk/battles/{battle_id}/decline")
    assert (response.json()["status"], response.json()["end_reason"]) == ("cancelled", "declined")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"opponents": "self"}, (400, "cannot_invite_yourself")),
        ({"opponents": "nobody"}, (400, "battle_invalid")),
        ({"opponents": "bo", "duration": 240}, (400, "invalid")),
        ({"opponents": "bo", "mode": "duel"}, (400, "invalid")),
        ({"opponents": "offline"}, (409, "host_offline")),
        ({"opponents": "busy"}, (409, "host_in_battle")),
        ({"mode": "team", "teammates": "bo", "opponents": "bo+cy"}, (400, "host_on_both_sides")),
        ({"opponents": "bo", "gift_id": 999_999}, (400, "battle_invalid")),
    ],
)
def test_bad_invitations_get_clear_errors_and_write_nothing(hosts, body, expected):
    body = dict(body)
    ana, bo, cy, di, ed, _ = hosts
    start(di, ed)
    ids = {
        "self": [ana.pk],
        "bo": [bo.pk],
        "bo+cy": [bo.pk, cy.pk],
        "offline": [UserFactory().pk],
        "busy": [di.pk],
        "nobody": [999_999],
    }
    for name in ("opponents", "teammates"):
        if name in body:
            body[name] = ids[body[name]]
    before = Battle.objects.count()
    assert error(invite(ana, **body)) == expected
    assert Battle.objects.count() == before


def test_answers_that_come_too_late_or_from_the_wrong_host(hosts):
    ana, bo, cy = hosts[:3]
    battle_id = invite(ana, opponents=[bo.pk]).json()["id"]
    assert error(api_client_for(cy).post(f"/api/v1/pk/battles/{battle_id}/accept")) == (403, "not_in_battle")
    Battle.objects.filter(pk=battle_id).update(invite_expires_at=timezone.now() - timedelta(milliseconds=1))
    assert error(api_client_for(bo).post(f"/api/v1/pk/battles/{battle_id}/accept")) == (409, "invitation_expired")
    assert Battle.objects.get(pk=battle_id).status == "invited"  # nothing written; the clock lapses it

    second = invite(cy, opponents=[hosts[3].pk]).json()["id"]
    api_client_for(cy).post(f"/api/v1/pk/battles/{second}/leave")  # called off
    assert error(api_client_for(hosts[3]).post(f"/api/v1/pk/battles/{second}/accept")) == (409, "invitation_closed")
    assert error(api_client_for(bo).post("/api/v1/pk/battles/999999/accept")) == (404, "battle_not_found")


def test_inviting_needs_a_login(hosts, api_client):
    response = api_client.post("/api/v1/pk/battles", {"opponents": [hosts[1].pk]}, format="json")
    assert response.status_code in (401, 403)
    assert not Battle.objects.exists()


def test_a_battle_that_never_started_is_its_hosts_business(hosts, api_client):
    ana, bo = hosts[:2]
    battle_id = invite(ana, opponents=[bo.pk]).json()["id"]
    assert error(api_client.get(f"/api/v1/pk/battles/{battle_id}")) == (404, "battle_not_found")
    assert api_client_for(bo).get(f"/api/v1/pk/battles/{battle_id}").status_code == 200
    assert error(api_client.get("/api/v1/pk/battles/999999")) == (404, "battle_not_found")


def test_the_state_endpoint_reads_in_a_fixed_number_of_queries(hosts, make_fan, django_assert_num_queries):
    ana, bo, cy, di, ed, flo = hosts
    small = start(ana, bo, boosters_enabled=True)
    big = start(cy, ed, flo, teammates=[di], boosters_enabled=True)
    for battle, (left, right) in ((small, (ana, bo)), (big, (cy, flo))):
        for _ in range(3 if battle is small else 8):
            fan = make_fan()
            gift(fan, left, "Rose")
            gift(fan, right, "Heart")
    client = APIClient()
    # battle + gift, sides, hosts with profiles, top gifters of each side, their users, boosters
    for battle in (small, big):
        with django_assert_num_queries(7):
            response = client.get(f"/api/v1/pk/battles/{battle.pk}")
        assert response.status_code == 200


def test_a_users_pk_record_and_history(hosts, fan, api_client):
    ana, bo, cy = hosts[:3]
    won = start(ana, bo)
    gift(fan, ana, "Crown")
    time_up(won)
    drawn = start(cy, ana)
    time_up(drawn)
    body = api_client.get(f"/api/v1/users/{ana.pk}/pk").json()
    assert body["record"] == {"wins": 1, "losses": 0, "draws": 1}
    by_id = {row["id"]: row for row in body["recent"]}
    assert (by_id[won.pk]["result"], by_id[won.pk]["points"], by_id[won.pk]["opponent_points"]) == ("win", 50, 0)
    assert [o["username"] for o in by_id[drawn.pk]["opponents"]] == ["cy"]
    assert len(api_client.get(f"/api/v1/users/{ana.pk}/pk?limit=1").json()["recent"]) == 1
    assert error(api_client.get(f"/api/v1/users/{ana.pk}/pk?limit=0")) == (400, "invalid")
    assert error(api_client.get("/api/v1/users/999999/pk"))[0] == 404


def test_a_private_profile_keeps_its_pk_record_to_itself(hosts, api_client):
    ana = hosts[0]
    AthleteProfile.objects.filter(user=ana).update(profile_visibility="PRIVATE")
    assert error(api_client.get(f"/api/v1/users/{ana.pk}/pk")) == (403, "profile_private")
    assert api_client_for(ana).get(f"/api/v1/users/{ana.pk}/pk").status_code == 200


def test_an_unlisted_stream_keeps_its_address_to_its_own_viewers(hosts, api_client):
    ana, bo = hosts[:2]
    Stream.objects.filter(creator=bo).update(visibility="unlisted")
    battle = start(ana, bo)
    sides = api_client.get(f"/api/v1/pk/battles/{battle.pk}").json()["sides"]
    shown = [(h["user"]["username"], h["stream"]) for side in sides for h in side["hosts"]]
    assert shown == [("ana", str(stream_of(ana).pk)), ("bo", None)]


def test_the_endpoints_are_in_the_api_schema():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in ("", "/{battle_id}", "/{battle_id}/accept", "/{battle_id}/decline", "/{battle_id}/leave"):
        assert f"/api/v1/pk/battles{path}" in paths
    assert "/api/v1/users/{user_id}/pk" in paths
