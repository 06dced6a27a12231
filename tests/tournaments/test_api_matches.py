"""`/api/v1/tournaments/{id}/matches/{match_id}` and its actions: the shapes and every refusal as
`{"code", "detail"}` with a 4xx, nothing written."""

import pytest

from apps.tournaments.models import MatchReport, MatchStatus
from tests.factories import UserFactory, api_client_for
from tests.streaming.factories import StreamFactory
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db


def url(match, action: str = "") -> str:
    base = f"/api/v1/tournaments/{match.tournament_id}/matches/{match.pk}"
    return f"{base}/{action}" if action else base


@pytest.fixture
def bracket():
    tournament, players = live_tournament(4, best_of=3)
    return tournament, players, tournament.matches.get(code="W1-M1")


def test_anyone_reads_a_match_with_its_history(bracket):
    _tournament, (s1, *_), first = bracket
    body = api_client_for().get(url(first)).json()
    assert body["match"]["code"] == "W1-M1"
    assert body["match"]["status"] == "ready"
    assert body["match"]["players"] == [s1.pk, first.player2_id]
    assert body["match"]["best_of"] == 3
    assert [event["kind"] for event in body["history"]] == ["ready"]


def test_two_agreeing_reports_decide_the_match(bracket):
    _tournament, (s1, *_rest, s4), first = bracket
    response = api_client_for(s4).post(url(first, "report"), {"games": [[5, 11], [4, 11]]}, format="json")
    assert response.status_code == 200
    assert response.json()["match"]["status"] == "live"
    body = api_client_for(s1).post(url(first, "report"), {"games": [[11, 5], [11, 4]]}, format="json").json()
    assert body["match"]["status"] == "done"
    assert body["match"]["winner"] == s1.pk
    assert body["match"]["games"] == [[11, 5], [11, 4]]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"games": [[11, 5], [5, 11]]}, 400, "tournament_invalid"),
        ({"games": [[11, 5, 3]]}, 400, "invalid"),
        ({"games": [[11, 1001]]}, 400, "invalid"),
        ({"games": [[1, 0]] * 6}, 400, "invalid"),
        ({"games": "11-5"}, 400, "invalid"),
        ({}, 400, "invalid"),
    ],
)
def test_bad_reports_are_refused_and_write_nothing(bracket, body, status, code):
    _tournament, (s1, *_), first = bracket
    response = api_client_for(s1).post(url(first, "report"), body, format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]
    assert not MatchReport.objects.exists()


def test_who_may_act_on_a_match(bracket):
    tournament, (s1, s2, *_), first = bracket
    not_in_it = api_client_for(s2).post(url(first, "report"), {"games": [[11, 5], [11, 5]]}, format="json")
    assert (not_in_it.status_code, not_in_it.json()["code"]) == (403, "not_allowed")
    signed_out = api_client_for().post(url(first, "report"), {"games": [[11, 5], [11, 5]]}, format="json")
    assert signed_out.status_code in (401, 403)
    settle = {"winner_id": s1.pk, "games": [[11, 5], [11, 5]], "reason": "Seen on stream"}
    by_player = api_client_for(s1).post(url(first, "settle"), settle, format="json")
    assert (by_player.status_code, by_player.json()["code"]) == (403, "not_allowed")
    waiting = tournament.matches.get(code="W2-M1")
    not_ready = api_client_for(s1).post(url(waiting, "report"), {"games": [[11, 5], [11, 5]]}, format="json")
    assert (not_ready.status_code, not_ready.json()["code"]) == (409, "wrong_state")
    missing = api_client_for(s1).get(f"/api/v1/tournaments/{tournament.pk}/matches/999999")
    assert (missing.status_code, missing.json()["code"]) == (404, "match_not_found")


def test_the_organizer_settles_and_corrects(bracket):
    tournament, (s1, *_rest, s4), first = bracket
    organizer = api_client_for(tournament.organizer)
    no_reason = organizer.post(
        url(first, "settle"), {"winner_id": s4.pk, "games": [[5, 11], [5, 11]], "reason": " "}, format="json"
    )
    assert no_reason.status_code == 400
    body = {"winner_id": s4.pk, "games": [[5, 11], [5, 11]], "reason": "Both streams agree"}
    assert organizer.post(url(first, "settle"), body, format="json").json()["match"]["winner"] == s4.pk
    wrong = {"winner_id": s1.pk, "games": [[5, 11], [5, 11]], "reason": "Oops"}
    mismatch = organizer.post(url(first, "settle"), wrong, format="json")
    assert (mismatch.status_code, mismatch.json()["code"]) == (400, "tournament_invalid")
    corrected = organizer.post(url(first, "settle"), {**wrong, "games": [[11, 5], [11, 5]]}, format="json").json()
    assert corrected["match"]["winner"] == s1.pk
    assert [e["kind"] for e in corrected["history"]][-2:] == ["corrected", "completed"]


def test_forfeit_and_disqualify(bracket):
    tournament, (s1, s2, s3, s4), first = bracket
    organizer = api_client_for(tournament.organizer)
    body = organizer.post(url(first, "forfeit"), {"player_id": s4.pk, "reason": "No show"}, format="json").json()
    assert body["match"]["winner"] == s1.pk
    response = organizer.post(
        f"/api/v1/tournaments/{tournament.pk}/disqualify", {"player_id": s2.pk, "reason": "Cheating"}, format="json"
    )
    assert response.status_code == 204
    assert tournament.matches.get(code="W1-M2").winner == s3
    again = organizer.post(
        f"/api/v1/tournaments/{tournament.pk}/disqualify", {"player_id": s2.pk, "reason": "Cheating"}, format="json"
    )
    assert (again.status_code, again.json()["code"]) == (409, "wrong_state")


def test_attach_stream(bracket):
    _tournament, (s1, *_), first = bracket
    own = StreamFactory(creator=s1)
    body = api_client_for(s1).post(url(first, "attach-stream"), {"stream_id": str(own.pk)}, format="json").json()
    assert body["match"]["stream"]["id"] == str(own.pk)
    other = StreamFactory(creator=UserFactory())
    refused = api_client_for(s1).post(url(first, "attach-stream"), {"stream_id": str(other.pk)}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    first.refresh_from_db()
    assert first.stream == own
    assert first.status == MatchStatus.READY
