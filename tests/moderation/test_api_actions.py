"""`/api/v1/moderation/`: moderators, timeouts, bans, warnings and platform bans. Only the channel's
team (or platform moderators) may; anyone else gets 403 and nothing is written; input is bounded."""

import pytest

from apps.restrictions.models import TIMEOUT_MAX_SECONDS, AuditEntry, ChannelModerator, Restriction
from apps.restrictions.rules import is_shadow_hidden, restriction_problem
from tests.factories import PlatformModeratorFactory, UserFactory, api_client_for
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/moderation"


@pytest.fixture
def creator():
    return LiveStreamFactory().creator


@pytest.fixture
def viewer():
    return UserFactory()


def _nothing_written() -> bool:
    return not (Restriction.objects.exists() or AuditEntry.objects.exists() or ChannelModerator.objects.exists())


def test_a_creator_appoints_and_removes_a_moderator_who_then_moderates(creator, viewer):
    helper = UserFactory()
    as_creator = api_client_for(creator)
    response = as_creator.post(f"{BASE}/channels/{creator.pk}/moderators", {"user_id": helper.pk})
    assert (response.status_code, response.json()) == (201, {"creator_id": creator.pk, "user_id": helper.pk})
    assert as_creator.post(f"{BASE}/channels/{creator.pk}/moderators", {"user_id": helper.pk}).json()["code"] == (
        "already_moderator"
    )
    response = api_client_for(helper).post(
        f"{BASE}/channels/{creator.pk}/timeouts", {"user_id": viewer.pk, "seconds": 60}
    )
    assert response.status_code == 201
    assert as_creator.delete(f"{BASE}/channels/{creator.pk}/moderators/{helper.pk}").status_code == 204
    assert as_creator.delete(f"{BASE}/channels/{creator.pk}/moderators/{helper.pk}").status_code == 409
    response = api_client_for(helper).post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": viewer.pk})
    assert (response.status_code, response.json()["code"]) == (403, "not_moderator")
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "moderator_add", "timeout", "moderator_remove"
    ]  # fmt: skip


def test_a_moderator_cannot_appoint_moderators(creator, viewer):
    helper = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=helper)
    response = api_client_for(helper).post(f"{BASE}/channels/{creator.pk}/moderators", {"user_id": viewer.pk})
    assert response.status_code == 403
    assert not ChannelModerator.objects.filter(moderator=viewer).exists()


def test_a_timeout_answers_the_restriction_and_the_user_is_refused_with_its_end(creator, viewer):
    response = api_client_for(creator).post(
        f"{BASE}/channels/{creator.pk}/timeouts", {"user_id": viewer.pk, "seconds": 600, "reason": "Spam"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["user_id"], body["channel_id"], body["reason"]) == (
        "timeout",
        viewer.pk,
        creator.pk,
        "Spam",
    )
    assert body["ends_at"]
    assert restriction_problem(viewer, creator.pk).code == "timed_out"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("moderators", {"user_id": "{user}"}),
        ("timeouts", {"user_id": "{user}", "seconds": 60}),
        ("bans", {"user_id": "{user}"}),
        ("warnings", {"user_id": "{user}", "reason": "x"}),
    ],
)
def test_a_viewer_trying_a_moderator_action_is_refused_and_nothing_is_written(creator, viewer, path, body):
    target = UserFactory()
    body = {key: target.pk if value == "{user}" else value for key, value in body.items()}
    response = api_client_for(viewer).post(f"{BASE}/channels/{creator.pk}/{path}", body)
    assert (response.status_code, response.json()["code"]) == (403, "not_moderator")
    assert _nothing_written()


def test_signed_out_is_refused(creator, viewer):
    response = api_client_for().post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": viewer.pk})
    assert response.status_code in (401, 403)
    assert _nothing_written()


def test_the_creator_and_platform_moderators_cannot_be_timed_out(creator):
    moderator = PlatformModeratorFactory()
    helper = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=helper)
    for target in (creator, moderator, helper):
        response = api_client_for(helper).post(
            f"{BASE}/channels/{creator.pk}/timeouts", {"user_id": target.pk, "seconds": 60}
        )
        assert (response.status_code, response.json()["code"]) == (403, "cannot_restrict")
    assert not Restriction.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("seconds", [0, -1, TIMEOUT_MAX_SECONDS + 1, "soon", True, None, 10**30])
def test_a_timeout_out_of_bounds_is_refused(creator, viewer, seconds):
    response = api_client_for(creator).post(
        f"{BASE}/channels/{creator.pk}/timeouts", {"user_id": viewer.pk, "seconds": seconds}, format="json"
    )
    assert response.status_code == 400
    assert "seconds" in response.json()["errors"]
    assert _nothing_written()


@pytest.mark.parametrize(
    "body",
    [{}, {"user_id": "x"}, {"user_id": 0}, {"user_id": 10**30}, {"user_id": "{user}", "reason": "r" * 301}],
)
def test_bad_ban_input_is_refused(creator, viewer, body):
    body = {key: viewer.pk if value == "{user}" else value for key, value in body.items()}
    response = api_client_for(creator).post(f"{BASE}/channels/{creator.pk}/bans", body)
    assert response.status_code == 400
    assert _nothing_written()


def test_unknown_channel_or_user_is_404(creator):
    as_creator = api_client_for(creator)
    assert as_creator.post(f"{BASE}/channels/99999999/bans", {"user_id": creator.pk}).status_code == 404
    response = as_creator.post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": 99999999})
    assert (response.status_code, response.json()["code"]) == (404, "user_not_found")


def test_banning_twice_is_a_conflict_with_one_row_and_unban_lifts_it(creator, viewer):
    as_creator = api_client_for(creator)
    assert (
        as_creator.post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": viewer.pk, "reason": "Hate"}).status_code
        == 201
    )
    response = as_creator.post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": viewer.pk})
    assert (response.status_code, response.json()["code"]) == (409, "already_banned")
    assert Restriction.objects.filter(kind="ban").count() == 1
    assert AuditEntry.objects.filter(action="ban").count() == 1
    refused = api_client_for(viewer).post(f"/api/v1/moderation/channels/{creator.pk}/warnings/ack")
    assert refused.status_code == 409
    assert as_creator.delete(f"{BASE}/channels/{creator.pk}/bans/{viewer.pk}").status_code == 204
    assert restriction_problem(viewer, creator.pk) is None
    response = as_creator.delete(f"{BASE}/channels/{creator.pk}/bans/{viewer.pk}")
    assert (response.status_code, response.json()["code"]) == (409, "not_restricted")


def test_a_warning_is_acknowledged_by_the_warned_user(creator, viewer):
    as_creator = api_client_for(creator)
    assert as_creator.post(f"{BASE}/channels/{creator.pk}/warnings", {"user_id": viewer.pk}).status_code == 400
    response = as_creator.post(f"{BASE}/channels/{creator.pk}/warnings", {"user_id": viewer.pk, "reason": "Be kind"})
    assert response.status_code == 201
    assert restriction_problem(viewer, creator.pk).code == "warning_pending"
    response = api_client_for(viewer).post(f"{BASE}/channels/{creator.pk}/warnings/ack")
    assert (response.status_code, len(response.json())) == (200, 1)
    assert restriction_problem(viewer, creator.pk) is None


def test_platform_ban_is_for_platform_moderators(creator, viewer):
    response = api_client_for(creator).post(f"{BASE}/users/{viewer.pk}/platform-ban", {"reason": "Spam"})
    assert (response.status_code, response.json()["code"]) == (403, "not_platform_moderator")
    assert _nothing_written()
    as_moderator = api_client_for(PlatformModeratorFactory())
    assert as_moderator.post(f"{BASE}/users/{viewer.pk}/platform-ban", {}).status_code == 400  # a reason is required
    response = as_moderator.post(f"{BASE}/users/{viewer.pk}/platform-ban", {"reason": "Spam"})
    assert (response.status_code, response.json()["channel_id"]) == (201, None)
    viewer.refresh_from_db()
    assert not viewer.is_active
    assert as_moderator.post(f"{BASE}/users/{viewer.pk}/platform-ban", {"reason": "Spam"}).status_code == 409
    assert as_moderator.delete(f"{BASE}/users/{viewer.pk}/platform-ban").status_code == 204
    viewer.refresh_from_db()
    assert viewer.is_active


def test_a_restricted_users_api_refusal_carries_the_end_and_reason(creator, viewer):
    api_client_for(creator).post(f"{BASE}/channels/{creator.pk}/bans", {"user_id": viewer.pk, "reason": "Hate"})
    stream = creator.streams.get()
    # Refused before the gift is looked up: any id will do.
    response = api_client_for(viewer).post(f"/api/v1/streams/{stream.pk}/gifts", {"gift_id": 1})
    assert response.status_code == 403
    assert {key: response.json()[key] for key in ("code", "until", "reason")} == {
        "code": "banned", "until": None, "reason": "Hate"
    }  # fmt: skip


def test_a_shadow_hide_from_the_api_keeps_the_users_lines_to_themselves_and_the_team(creator, viewer):
    as_viewer, as_creator = api_client_for(UserFactory()), api_client_for(creator)
    refused = as_viewer.post(f"{BASE}/channels/{creator.pk}/shadow-hides", {"user_id": viewer.pk})
    assert (refused.status_code, _nothing_written()) == (403, True)
    response = as_creator.post(f"{BASE}/channels/{creator.pk}/shadow-hides", {"user_id": viewer.pk, "reason": "Spam"})
    assert (response.status_code, response.json()["kind"]) == (201, "shadow")
    assert is_shadow_hidden(viewer, creator.pk)
    assert restriction_problem(viewer, creator.pk) is None  # nothing tells them: they still chat
    again = as_creator.post(f"{BASE}/channels/{creator.pk}/shadow-hides", {"user_id": viewer.pk})
    assert again.status_code == 409
    assert Restriction.objects.filter(kind="shadow").count() == 1
    assert as_creator.delete(f"{BASE}/channels/{creator.pk}/shadow-hides/{viewer.pk}").status_code == 204
    assert not is_shadow_hidden(viewer, creator.pk)
    response = as_creator.delete(f"{BASE}/channels/{creator.pk}/shadow-hides/{viewer.pk}")
    assert (response.status_code, response.json()["code"]) == (409, "not_restricted")
