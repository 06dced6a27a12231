"""The API: points, claims and a prediction's whole life, answered as `{"code", "detail"}` on errors."""

import pytest

from apps.wallet.selectors import points_escrow_balance
from tests.factories import api_client_for
from tests.predictions.conftest import balance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def test_a_prediction_through_the_api(stream, make_fan):
    channel = stream.creator
    ana, ben = make_fan(500), make_fan(500)
    creator = api_client_for(channel)
    opened = creator.post(
        f"/api/v1/streams/{stream.pk}/predictions",
        {"title": "Next shot?", "outcomes": ["Make", "Miss"], "window_seconds": 60},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    make, miss = (outcome["id"] for outcome in body["outcomes"])
    assert body["s"] == "open"
    assert body["outcomes"][0]["points"] == 0

    url = f"/api/v1/predictions/{body['id']}"
    assert (
        api_client_for(ana).post(f"{url}/stake", {"outcome_id": make, "points": 100}, format="json").status_code == 200
    )
    answer = api_client_for(ben).post(f"{url}/stake", {"outcome_id": miss, "points": 300}, format="json")
    assert answer.json()["outcomes"][1] | {"id": 0} == {
        "id": 0,
        "title": "Miss",
        "points": 300,
        "users": 1,
        "share": 75,
        "ratio": 1.33,
    }
    assert answer.json()["mine"] == {"outcome_id": miss, "points": 300, "paid_out": 0}

    refused = api_client_for(ben).post(f"{url}/stake", {"outcome_id": make, "points": 1}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "stake_invalid")
    too_much = api_client_for(ana).post(f"{url}/stake", {"outcome_id": make, "points": 401}, format="json")
    assert (too_much.status_code, too_much.json()["code"]) == (400, "insufficient_points")
    assert api_client_for(ana).post(f"{url}/lock").status_code == 403

    assert creator.post(f"{url}/lock").json()["s"] == "locked"
    late = api_client_for(ana).post(f"{url}/stake", {"outcome_id": make, "points": 1}, format="json")
    assert (late.status_code, late.json()["code"]) == (409, "prediction_closed")
    bad = creator.post(f"{url}/resolve", {"outcome_id": make + 100}, format="json")
    assert (bad.status_code, bad.json()["code"]) == (400, "outcome_invalid")
    resolved = creator.post(f"{url}/resolve", {"outcome_id": make}, format="json").json()
    assert resolved["s"] == "resolved"
    assert resolved["winner"] == make
    assert [row["won"] for row in resolved["top"]] == [400]
    assert (balance(ana, channel), balance(ben, channel), points_escrow_balance(channel)) == (800, 200, 0)
    assert api_client_for(ana).get(url).json()["mine"]["paid_out"] == 400


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Q", "outcomes": ["A"], "window_seconds": 60},
        {"title": "Q", "outcomes": ["A", "B"], "window_seconds": 10},
        {"title": "Q", "outcomes": ["A", "B"], "window_seconds": "60"},
        {"title": "Q" * 46, "outcomes": ["A", "B"], "window_seconds": 60},
        {"title": "Q", "outcomes": ["A", "B"], "window_seconds": 2**40},
    ],
)
def test_bad_openings_are_400(stream, body):
    answer = api_client_for(stream.creator).post(f"/api/v1/streams/{stream.pk}/predictions", body, format="json")
    assert answer.status_code == 400
    assert set(answer.json()) >= {"code", "detail"}


def test_points_and_claims(stream, clock):
    from tests.factories import UserFactory

    ana = UserFactory()
    client = api_client_for(ana)
    assert client.get(f"/api/v1/streams/{stream.pk}/points").json() == {
        "channel": stream.creator_id,
        "points": 0,
        "claim_at": None,
    }
    claimed = client.post(f"/api/v1/streams/{stream.pk}/points/claim").json()
    assert claimed["claimed"] == claimed["points"] > 0
    assert claimed["claim_at"] is not None
    again = client.post(f"/api/v1/streams/{stream.pk}/points/claim")
    assert (again.status_code, again.json()["code"]) == (400, "claim_not_ready")
    assert again.json()["claim_at"] == claimed["claim_at"]
    assert api_client_for(None).get(f"/api/v1/streams/{stream.pk}/points").status_code in (401, 403)
