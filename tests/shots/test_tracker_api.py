"""The shot tracker's API: record, undo last, the summary; refusals answer {code, detail}, write nothing."""

import pytest
from rest_framework.test import APIClient

from apps.shots.models import Shot
from apps.streaming.models import Visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def shots_url(stream, tail=""):
    return f"/api/v1/streams/{stream.pk}/shots{tail}"


def test_the_creator_records_a_shot_with_its_spot(stream):
    answer = client_for(stream.creator).post(
        shots_url(stream), {"type": "three", "made": True, "x": 120, "y": 300}, format="json"
    )
    assert answer.status_code == 201
    body = answer.json()
    assert {k: body["shot"][k] for k in ("type", "made", "x", "y")} == {
        "type": "three",
        "made": True,
        "x": 120,
        "y": 300,
    }
    assert (body["summary"]["made"], body["summary"]["att"], body["summary"]["streak"]) == (1, 1, 1)


def test_a_channel_moderator_records_and_undoes(stream, scorekeeper):
    client = client_for(scorekeeper)
    assert client.post(shots_url(stream), {"type": "free_throw", "made": False}, format="json").status_code == 201
    answer = client.delete(shots_url(stream, "/last"))
    assert answer.status_code == 200
    assert answer.json()["shot"]["undone_at"] is not None
    assert answer.json()["summary"]["att"] == 0
    nothing = client.delete(shots_url(stream, "/last"))
    assert (nothing.status_code, nothing.json()["code"]) == (409, "nothing_to_undo")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"type": "three", "made": "yes"}, 400, "invalid"),
        ({"type": "three", "made": True, "x": 1001, "y": 5}, 400, "invalid"),
        ({"type": "three", "made": True, "x": 5}, 400, "invalid_spot"),
        ({"type": "hook", "made": True}, 400, "unknown_shot_type"),
        ({"made": True}, 400, "invalid"),
    ],
)
def test_bad_input_is_refused(stream, body, status, code):
    answer = client_for(stream.creator).post(shots_url(stream), body, format="json")
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert not Shot.objects.exists()


def test_a_viewer_may_not_keep_score(stream):
    answer = client_for(UserFactory()).post(shots_url(stream), {"type": "three", "made": True}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (403, "not_scorekeeper")
    assert APIClient().post(shots_url(stream), {"type": "three", "made": True}, format="json").status_code in (401, 403)
    assert not Shot.objects.exists()


def test_the_summary_is_for_whoever_may_watch(stream):
    client_for(stream.creator).post(shots_url(stream), {"type": "three", "made": True}, format="json")
    summary = APIClient().get(shots_url(stream, "/summary"))
    assert summary.status_code == 200
    assert summary.json()["types"][1]["code"] == "three"
    assert summary.json()["last"]["type"] == "three"
    stream.visibility = Visibility.PRIVATE
    stream.save(update_fields=["visibility"])
    assert client_for(UserFactory()).get(shots_url(stream, "/summary")).status_code == 404
