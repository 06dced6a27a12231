"""`/api/v1/moderation/appeals`: asking to be unbanned, the queue, approving and denying."""

import pytest

from apps.moderation.models import Appeal, AppealStatus
from apps.restrictions.models import AuditEntry
from tests.factories import PlatformModeratorFactory, UserFactory, api_client_for
from tests.moderation.reporting import ban, channel_moderator

pytestmark = pytest.mark.django_db

APPEALS = "/api/v1/moderation/appeals"
PLEA = "It was a misunderstanding."


@pytest.fixture
def creator():
    return UserFactory()


@pytest.fixture
def banned(creator):
    user = UserFactory()
    return user, ban(user, creator, reason="spam", created_by=creator)


def appeal(user, restriction_id, field="restriction_id", text=PLEA):
    return api_client_for(user).post(APPEALS, {field: restriction_id, "text": text})


def decide(user, appeal_id, decision, **body):
    return api_client_for(user).post(f"{APPEALS}/{appeal_id}/{decision}", body)


@pytest.mark.parametrize("field", ["restriction_id", "ban_id"])
def test_a_banned_user_appeals_once(banned, creator, field):
    user, restriction = banned
    response = appeal(user, restriction.pk, field)
    assert response.status_code == 201, response.data
    assert (response.data["status"], response.data["text"], response.data["user"]["id"]) == ("pending", PLEA, user.pk)
    assert response.data["restriction"] | {"created_at": None} == {
        "id": restriction.pk,
        "kind": "ban",
        "channel": {"id": creator.pk, "username": creator.username},
        "reason": "spam",
        "by": {"id": creator.pk, "username": creator.username},
        "created_at": None,
        "lifted_at": None,
    }
    again = appeal(user, restriction.pk)
    assert (again.status_code, again.data["code"]) == (409, "already_appealed")
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize("restriction_id", [987654, "someone else's"])
def test_a_ban_that_does_not_exist_or_is_not_yours_is_a_404(banned, restriction_id):
    _, restriction = banned
    ban_id = restriction.pk if restriction_id == "someone else's" else restriction_id
    response = appeal(UserFactory(), ban_id)
    assert (response.status_code, response.data["code"]) == (404, "ban_not_found")
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": PLEA}, "restriction_id"),
        ({"restriction_id": 1, "ban_id": 2, "text": PLEA}, "restriction_id"),
        ({"restriction_id": 0, "text": PLEA}, "restriction_id"),
        ({"restriction_id": "1", "text": PLEA}, "restriction_id"),
        ({"restriction_id": 1}, "text"),
        ({"restriction_id": 1, "text": "x" * 501}, "text"),
        ({"restriction_id": 1, "text": ""}, "text"),
    ],
)
def test_bad_input_is_a_400(banned, body, field):
    user, _ = banned
    response = api_client_for(user).post(APPEALS, body)
    assert response.status_code == 400
    assert field in response.data["errors"]
    assert not Appeal.objects.exists()


def test_moderators_see_the_pending_appeals_they_may_decide(banned, creator):
    user, restriction = banned
    appeal_id = appeal(user, restriction.pk).data["id"]
    assert [a["id"] for a in api_client_for(channel_moderator(creator)).get(APPEALS).data] == [appeal_id]
    assert api_client_for(UserFactory()).get(APPEALS).data == []
    assert api_client_for(PlatformModeratorFactory()).get(APPEALS, {"limit": 1000}).status_code == 400


def test_approving_lifts_the_ban(banned, creator):
    user, restriction = banned
    appeal_id = appeal(user, restriction.pk).data["id"]
    response = decide(creator, appeal_id, "approve", reason="Welcome back")
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["decided_by"]["id"], response.data["decision_reason"]) == (
        "approved",
        creator.pk,
        "Welcome back",
    )
    assert response.data["restriction"]["lifted_at"] is not None
    again = decide(creator, appeal_id, "deny", reason="Changed my mind")
    assert (again.status_code, again.data["code"]) == (409, "appeal_decided")


def test_denying_needs_a_reason(banned, creator):
    user, restriction = banned
    appeal_id = appeal(user, restriction.pk).data["id"]
    refused = decide(creator, appeal_id, "deny")
    assert (refused.status_code, refused.data["code"], list(refused.data["errors"])) == (
        400,
        "reason_required",
        ["reason"],
    )
    response = decide(creator, appeal_id, "deny", reason="No")
    assert (response.status_code, response.data["status"]) == (200, "denied")
    assert response.data["restriction"]["lifted_at"] is None


def test_a_viewer_deciding_is_a_403_and_nothing_changes(banned):
    user, restriction = banned
    appeal_id = appeal(user, restriction.pk).data["id"]
    for who in (user, UserFactory()):
        response = decide(who, appeal_id, "approve")
        assert (response.status_code, response.data["code"]) == (403, "not_moderator")
    assert Appeal.objects.get().status == AppealStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_deciding_an_appeal_that_does_not_exist_is_a_404(creator):
    response = decide(creator, 987654, "approve")
    assert (response.status_code, response.data["code"]) == (404, "appeal_not_found")


def test_a_reason_too_long_is_a_400(banned, creator):
    user, restriction = banned
    appeal_id = appeal(user, restriction.pk).data["id"]
    response = decide(creator, appeal_id, "deny", reason="x" * 501)
    assert response.status_code == 400
    assert list(response.data["errors"]) == ["reason"]
