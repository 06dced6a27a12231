"""`/api/v1/moderation/reports`: filing, the queue (its query count pinned) and resolving."""

import uuid

import pytest

from apps.moderation.models import Report, ReportStatus
from apps.restrictions.models import AuditEntry
from tests.factories import PlatformModeratorFactory, UserFactory, api_client_for
from tests.moderation.reporting import channel_moderator, say
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/moderation/reports"


def resolve_url(report_id) -> str:
    return f"{REPORTS}/{report_id}/resolve"


@pytest.fixture
def stream():
    return LiveStreamFactory()


@pytest.fixture
def line(stream):
    return say(stream, UserFactory(), "buy followers at scam.example")


def file(user, target_type, target_id, reason="spam", **extra):
    body = {"target_type": target_type, "target_id": str(target_id), "reason": reason, **extra}
    return api_client_for(user).post(REPORTS, body)


# --- POST reports ------------------------------------------------------------------------------
def test_a_report_is_filed_and_filing_it_again_says_so(line):
    reporter = UserFactory()
    response = file(reporter, "message", line.pk, text="scam link")
    assert response.status_code == 201, response.data
    assert response.data | {"id": None, "created_at": None} == {
        "id": None,
        "target_type": "message",
        "target_id": str(line.pk),
        "reason": "spam",
        "text": "scam link",
        "reporter": {"id": reporter.pk, "username": reporter.username},
        "status": "open",
        "created_at": None,
        "already_reported": False,
    }
    again = file(reporter, "message", line.pk, reason="hate")
    assert again.status_code == 200
    assert (again.data["id"], again.data["already_reported"], again.data["reason"]) == (
        response.data["id"],
        True,
        "spam",
    )
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target_type": "tournament"}, "target_type"),
        ({"reason": "rude"}, "reason"),
        ({"reason": 3}, "reason"),
        ({"text": "x" * 501}, "text"),
        ({"text": None}, "text"),
        ({"target_id": "1" * 37}, "target_id"),
        ({"target_id": 12}, "target_id"),
        ({"target_id": ""}, "target_id"),
    ],
)
def test_bad_input_is_a_400_naming_its_field(line, body, field):
    good = {"target_type": "message", "target_id": str(line.pk), "reason": "spam"}
    response = api_client_for(UserFactory()).post(REPORTS, good | body)
    assert response.status_code == 400
    assert (response.data["code"], list(response.data["errors"])) == ("invalid", [field])
    assert not Report.objects.exists()


@pytest.mark.parametrize("missing", ["target_type", "target_id", "reason"])
def test_a_report_names_its_target_and_reason(line, missing):
    body = {"target_type": "message", "target_id": str(line.pk), "reason": "spam"}
    del body[missing]
    response = api_client_for(UserFactory()).post(REPORTS, body)
    assert response.status_code == 400
    assert missing in response.data["errors"]


@pytest.mark.parametrize(
    ("target_type", "target_id"), [("message", "987654"), ("stream", uuid.uuid4()), ("user", "abc")]
)
def test_what_does_not_exist_is_a_404(target_type, target_id):
    response = file(UserFactory(), target_type, target_id)
    assert (response.status_code, response.data["code"]) == (404, "target_not_found")


def test_your_own_message_is_refused(line):
    response = file(line.user, "message", line.pk)
    assert (response.status_code, response.data["code"]) == (400, "own_target")
    assert response.data["detail"] == "You cannot report your own message."
    assert not Report.objects.exists()


def test_signed_out_nobody_reports(line):
    response = file(None, "message", line.pk)
    assert response.status_code in (401, 403)
    assert response.data["code"] == "not_authenticated"
    assert not Report.objects.exists()


# --- GET reports -------------------------------------------------------------------------------
def test_the_queue_groups_a_targets_reports_with_the_messages_around(stream):
    before = say(stream, UserFactory(), "first")
    line = say(stream, UserFactory(), "buy followers")
    after = say(stream, UserFactory(), "stop it")
    first_reporter, second_reporter = UserFactory(), UserFactory()
    file(first_reporter, "message", line.pk, reason="spam")
    file(second_reporter, "message", line.pk, reason="harassment", text="again and again")
    response = api_client_for(channel_moderator(stream.creator)).get(REPORTS)
    assert response.status_code == 200
    [item] = response.data
    assert (item["key"], item["count"], item["channel"], item["reasons"]) == (
        f"message:{line.pk}",
        2,
        stream.creator_id,
        {"spam": 1, "harassment": 1},
    )
    assert item["reported_user"] == {"id": line.user_id, "username": line.user.username}
    assert [(report["reason"], report["reporter"]) for report in item["reports"]] == [
        ("spam", None),
        ("harassment", None),
    ]  # who reported is for platform moderators only
    [seen_by_platform] = api_client_for(PlatformModeratorFactory()).get(REPORTS).data
    assert [report["reporter"]["id"] for report in seen_by_platform["reports"]] == [
        first_reporter.pk,
        second_reporter.pk,
    ]
    content = item["content"]
    assert (content["text"], content["author"]["id"], content["deleted"]) == ("buy followers", line.user_id, False)
    assert content["stream"] == {"id": str(stream.pk), "title": stream.title}
    assert [(m["id"], m["text"]) for m in content["before"]] == [(before.pk, "first")]
    assert [(m["id"], m["text"]) for m in content["after"]] == [(after.pk, "stop it")]


def test_users_profiles_and_streams_come_with_a_summary(stream):
    someone = UserFactory()
    file(UserFactory(), "user", someone.pk, reason="impersonation")
    file(UserFactory(), "profile", someone.pk, reason="sexual")
    file(UserFactory(), "stream", stream.pk, reason="violence")
    user, profile, reported_stream = api_client_for(PlatformModeratorFactory()).get(REPORTS).data
    assert (user["content"]["username"], user["channel"]) == (someone.username, None)
    assert {"display_name", "bio", "hometown"} <= set(profile["content"])
    assert (reported_stream["content"]["title"], reported_stream["content"]["creator"]["id"]) == (
        stream.title,
        stream.creator_id,
    )


def test_a_viewer_sees_an_empty_queue_and_the_limit_is_bounded(line):
    file(UserFactory(), "message", line.pk)
    viewer = api_client_for(UserFactory())
    assert viewer.get(REPORTS).data == []
    moderator = api_client_for(PlatformModeratorFactory())
    assert len(moderator.get(REPORTS, {"limit": 1}).data) == 1
    for limit in ("0", "101", "lots"):
        assert moderator.get(REPORTS, {"limit": limit}).status_code == 400


# The queue's cost, whatever it holds: the moderator's permissions (2), the reports grouped (1), the
# groups' reports (1), one query per kind of target (messages, users, streams: 3), the messages
# around the reported ones (1).
QUEUE_QUERIES = 8


@pytest.mark.parametrize("targets", [1, 6])
def test_the_queue_costs_a_pinned_number_of_queries(django_assert_num_queries, targets):
    for _ in range(targets):
        stream = LiveStreamFactory()
        lines = [say(stream, UserFactory(), f"line {n}") for n in range(5)]
        file(UserFactory(), "message", lines[2].pk)
        file(UserFactory(), "message", lines[2].pk)
        file(UserFactory(), "user", lines[0].user_id)
        file(UserFactory(), "stream", stream.pk)
    client = api_client_for(PlatformModeratorFactory())
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(REPORTS)
    assert len(response.data) == 3 * targets
    assert all(len(item["content"]["before"]) == 2 for item in response.data if item["target_type"] == "message")


# --- POST reports/<id>/resolve -----------------------------------------------------------------
def test_a_moderator_resolves_a_targets_reports(stream, line):
    first = file(UserFactory(), "message", line.pk).data["id"]
    file(UserFactory(), "message", line.pk)
    moderator = channel_moderator(stream.creator)
    response = api_client_for(moderator).post(
        resolve_url(first), {"resolution": "Deleted, timed out", "action_taken": True}
    )
    assert response.status_code == 200, response.data
    assert [(r["status"], r["action_taken"], r["resolved_by"]["id"], r["reporter"]) for r in response.data] == [
        ("resolved", True, moderator.pk, None)
    ] * 2
    assert AuditEntry.objects.get().action == "report.resolve"
    again = api_client_for(moderator).post(resolve_url(first), {})
    assert (again.status_code, again.data["code"]) == (409, "report_resolved")


def test_a_viewer_resolving_is_a_403_and_nothing_changes(line):
    report_id = file(UserFactory(), "message", line.pk).data["id"]
    response = api_client_for(UserFactory()).post(resolve_url(report_id), {"action_taken": True})
    assert (response.status_code, response.data["code"]) == (403, "not_moderator")
    assert Report.objects.get().status == ReportStatus.OPEN
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"), [({"action_taken": "yes"}, "action_taken"), ({"resolution": "x" * 501}, "resolution")]
)
def test_a_resolution_with_bad_input_is_a_400(stream, line, body, field):
    report_id = file(UserFactory(), "message", line.pk).data["id"]
    response = api_client_for(stream.creator).post(resolve_url(report_id), body)
    assert response.status_code == 400
    assert list(response.data["errors"]) == [field]
    assert Report.objects.get().status == ReportStatus.OPEN


@pytest.mark.parametrize("report_id", ["987654", "99999999999999999999"])
def test_resolving_a_report_that_does_not_exist_is_a_404(report_id):
    response = api_client_for(PlatformModeratorFactory()).post(resolve_url(report_id), {})
    assert response.status_code == 404
