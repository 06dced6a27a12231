"""The desk's reports, held-message and appeal panels (C1's and B2's queues, on the desk): what each
shows to whom, and the decisions taken there through their owners' services."""

import pytest
from django.utils import timezone

from apps.moderation.models import AppealStatus, Report, ReportStatus
from apps.moderation.services import appeals, reports
from apps.restrictions.models import Restriction
from apps.streaming.models import ChatMessage, Review
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.desk_support import channel_with_moderator
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def _panel(client, user, queue):
    client.force_login(user)
    response = client.get(f"/moderation/panels/{queue}/")
    assert response.status_code == 200
    return response.content.decode()


def _reported_message(creator, reporter_name="watcher"):
    stream = LiveStreamFactory(creator=creator, title="Dribble lab")
    author, reporter = UserFactory(), UserFactory(username=reporter_name)
    for line in ("before it", "buy followers cheap", "after it"):
        message = ChatMessage.objects.create(stream=stream, user=author, content=line)
        if line.startswith("buy"):
            reported = message
    report, _ = reports.report_create(
        reporter=reporter, target_type="message", target_id=str(reported.pk), reason="spam"
    )
    return stream, reported, report


def test_reports_show_on_their_channels_desk_with_the_chat_around_them(client):
    creator, moderator = channel_with_moderator()
    _other, other_moderator = channel_with_moderator()
    _stream, reported, _report = _reported_message(creator)

    panel = _panel(client, moderator, "reports")
    assert f'data-item-id="message:{reported.pk}"' in panel
    assert "buy followers cheap" in panel
    assert "before it" in panel
    assert "after it" in panel
    assert "watcher: Spam, scams or misleading links" in panel
    assert "buy followers cheap" in _panel(client, PlatformModeratorFactory(), "reports")
    assert "buy followers cheap" not in _panel(client, other_moderator, "reports")


def test_a_report_is_resolved_from_the_desk(client):
    creator, moderator = channel_with_moderator()
    _stream, reported, report = _reported_message(creator)
    client.force_login(moderator)
    response = client.post(
        f"/moderation/reports/{report.pk}/resolve/",
        {"resolution": "Timed out.", "action_taken": "true"},
        headers={"HX-Request": "true"},
    )
    assert f'data-item-id="message:{reported.pk}"' not in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.action_taken) == (ReportStatus.RESOLVED, moderator, True)


def test_held_messages_are_approved_from_the_desk(client):
    creator, moderator = channel_with_moderator()
    stream = LiveStreamFactory(creator=creator)
    held = ChatMessage.objects.create(
        stream=stream, user=UserFactory(), content="h0ld me", review=Review.HELD, held_rule="Blocked term: h0ld*"
    )
    panel = _panel(client, moderator, "held")
    assert "h0ld me" in panel
    assert "Blocked term: h0ld*" in panel

    response = client.post(f"/moderation/held/{held.pk}/", {"decision": "approve"}, headers={"HX-Request": "true"})
    assert "h0ld me" not in response.content.decode()
    held.refresh_from_db()
    assert (held.review, held.reviewed_by) == (Review.APPROVED, moderator)

    client.force_login(UserFactory())
    assert client.post(f"/moderation/held/{held.pk}/", {"decision": "deny"}).status_code == 403


def _appeal(creator, banned_name="banned_one"):
    banned = UserFactory(username=banned_name)
    ban = Restriction.objects.create(
        user=banned, channel=creator, kind="ban", reason="slurs", created_at=timezone.now()
    )
    return appeals.appeal_create(user=banned, restriction=ban, text="I am sorry, it will not happen again.")


def test_an_appeal_is_denied_with_a_reason_or_approved_from_the_desk(client):
    creator, moderator = channel_with_moderator()
    appeal = _appeal(creator)
    panel = _panel(client, moderator, "appeals")
    assert "it will not happen again" in panel
    assert "slurs" in panel

    response = client.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "deny"}, headers={"HX-Request": "true"})
    assert "Say why the appeal is denied" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING

    client.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "approve"}, headers={"HX-Request": "true"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.APPROVED
    assert appeal.restriction.lifted_at is not None


def test_live_streams_count_their_open_reports(client):
    creator, _ = channel_with_moderator()
    stream, _reported, _report = _reported_message(creator)
    reports.report_create(reporter=UserFactory(), target_type="stream", target_id=str(stream.pk), reason="spam")
    client.force_login(PlatformModeratorFactory())
    row = client.get("/moderation/panels/live/").content.decode().split(f'data-stream-id="{stream.pk}"')[1]
    assert '<td data-label="Open reports" class="num">2</td>' in row.split("</tr>")[0]


def test_the_user_lookup_lists_reports_against_and_by_them(client):
    creator, _ = channel_with_moderator()
    _stream, reported, _report = _reported_message(creator)
    client.force_login(PlatformModeratorFactory())
    author_page = client.get(f"/moderation/users/{reported.user_id}/").content.decode()
    assert "data-reports-against>1<" in author_page
    assert "data-reports-by>0<" in author_page
    reporter = Report.objects.get().reporter
    assert "data-reports-by>1<" in client.get(f"/moderation/users/{reporter.pk}/").content.decode()


def test_the_desk_with_every_queue_costs_the_same_however_much_waits(client, django_assert_max_num_queries):
    creator, _moderator = channel_with_moderator()
    client.force_login(PlatformModeratorFactory())

    def queries():
        with django_assert_max_num_queries(40) as captured:
            assert client.get("/moderation/").status_code == 200
        return len(captured.captured_queries)

    _reported_message(creator)
    _appeal(creator)
    few = queries()
    another, _ = channel_with_moderator()
    stream, _reported, _report = _reported_message(another, reporter_name="watcher2")
    _appeal(another, banned_name="banned_two")
    ChatMessage.objects.create(stream=stream, user=UserFactory(), content="x", review=Review.HELD)
    assert queries() == few
    assert few == 24  # the 16 of the desk without these queues, and 8 for the live reports and three panels
