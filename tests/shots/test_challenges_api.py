"""The shot-challenge API: making one (with an Idempotency-Key), answering and attempting it, and the
refusals' codes and statuses."""

import pytest

from apps.shots.models import Shot, ShotChallenge
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory, api_client_for
from tests.shots.challenges_support import assert_books, earnings, escrow, funded, moderator_of
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _books_after_each():
    yield
    assert_books()


@pytest.fixture
def stream():
    return LiveStreamFactory()


def _make(client, stream, key=None, **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"text": "Half-court shot", "coins": 100} | body
    return client.post(f"/api/v1/streams/{stream.pk}/challenges", body, format="json", **headers)


def test_a_challenge_is_made_once_per_idempotency_key(stream):
    fan = funded()
    client = api_client_for(fan)
    first = _make(client, stream, key="challenge-key-1", type="three")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["status"], body["text"], body["coins"], body["type"], body["balance"]) == (
        "pending", "Half-court shot", 100, "three", 900,
    )  # fmt: skip
    assert body["challenger"]["id"] == fan.pk
    again = _make(client, stream, key="challenge-key-1", type="three")
    assert (again.status_code, again["Idempotent-Replayed"], again.json()["id"]) == (201, "true", body["id"])
    assert _make(client, stream, key="challenge-key-1", coins=200).status_code == 409
    assert (ShotChallenge.objects.count(), balance_of(user=fan), escrow()) == (1, 900, 100)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"coins": 10}, 400, "shot_challenge_invalid"),
        ({"coins": 5000}, 400, "insufficient_coins"),
        ({"text": "x" * 101}, 400, "invalid"),
        ({"coins": "100"}, 400, "invalid"),
        ({"coins": 10**12}, 400, "invalid"),
    ],
    ids=["below-minimum", "unaffordable", "too-long", "text-coins", "huge"],
)
def test_bad_challenges_answer_their_code(stream, body, status, code):
    fan = funded()
    answer = _make(api_client_for(fan), stream, **body)
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert (ShotChallenge.objects.count(), balance_of(user=fan)) == (0, 1000)


def test_signed_out_and_unknown_streams_are_refused(stream):
    assert _make(api_client_for(), stream).status_code in {401, 403}
    unknown = api_client_for(funded()).post(
        "/api/v1/streams/00000000-0000-0000-0000-000000000000/challenges", {"text": "x", "coins": 100}, format="json"
    )
    assert unknown.status_code == 404


def test_the_team_accepts_and_attempts_and_the_creator_is_paid(stream):
    fan = funded()
    challenge_id = _make(api_client_for(fan), stream).json()["id"]
    moderator = api_client_for(moderator_of(stream))
    outsider = api_client_for(UserFactory())
    refused = outsider.post(f"/api/v1/shot-challenges/{challenge_id}/accept")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_scorekeeper")
    accepted = moderator.post(f"/api/v1/shot-challenges/{challenge_id}/accept")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    again = moderator.post(f"/api/v1/shot-challenges/{challenge_id}/decline")
    assert (again.status_code, again.json()["code"]) == (409, "shot_challenge_closed")
    no_kind = moderator.post(f"/api/v1/shot-challenges/{challenge_id}/attempt", {"made": True}, format="json")
    assert (no_kind.status_code, no_kind.json()["code"]) == (400, "shot_challenge_invalid")
    attempt = moderator.post(
        f"/api/v1/shot-challenges/{challenge_id}/attempt", {"made": True, "type": "three"}, format="json"
    )
    assert attempt.status_code == 200, attempt.json()
    assert (attempt.json()["status"], attempt.json()["made"], attempt.json()["shot"]) == (
        "attempted", True, Shot.objects.get().pk,
    )  # fmt: skip
    assert (escrow(), earnings(stream.creator), balance_of(user=fan)) == (0, 70, 900)


def test_a_decline_refunds_and_an_unknown_challenge_is_404(stream):
    fan = funded()
    challenge_id = _make(api_client_for(fan), stream, type="free_throw").json()["id"]
    creator = api_client_for(stream.creator)
    declined = creator.post(f"/api/v1/shot-challenges/{challenge_id}/decline")
    assert (declined.status_code, declined.json()["status"], balance_of(user=fan)) == (200, "declined", 1000)
    missing = creator.post(f"/api/v1/shot-challenges/{challenge_id + 1000}/accept")
    assert (missing.status_code, missing.json()["code"]) == (404, "shot_challenge_not_found")
