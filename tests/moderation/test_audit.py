"""The audit log: written in the action's own transaction (an action that fails leaves no row, a
row never lacks its action), never changed or deleted (PostgreSQL refuses), and read as far as
the moderator may."""

import pytest
from django.db import IntegrityError, connection, transaction

from apps.moderation.models import Appeal, AppealStatus, Report, ReportStatus
from apps.moderation.selectors.audit import audit_log
from apps.moderation.services.appeals import appeal_create, appeal_decide
from apps.moderation.services.reports import report_create, report_resolve
from apps.restrictions import audit, desk
from apps.restrictions.models import AuditEntry
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.reporting import ban, channel_moderator, say
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


class DeskDown(Exception):
    pass


def _reported_message(stream):
    line = say(stream, UserFactory(), "spam spam")
    return report_create(reporter=UserFactory(), target_type="message", target_id=str(line.pk), reason="spam")[0]


def _refuse_announcements(monkeypatch):
    """The last step of resolving and deciding fails, after the audit row was written."""

    def announce(*args, **kwargs):
        raise DeskDown

    monkeypatch.setattr(desk, "announce", announce)


def test_a_resolution_that_fails_leaves_no_audit_row_and_the_reports_open(monkeypatch):
    stream = LiveStreamFactory()
    filed = _reported_message(stream)
    _refuse_announcements(monkeypatch)
    with pytest.raises(DeskDown):
        report_resolve(actor=stream.creator, report=filed, resolution="deleted", action_taken=True)
    assert not AuditEntry.objects.exists()
    assert Report.objects.get().status == ReportStatus.OPEN


def test_a_decision_that_fails_leaves_no_audit_row_and_the_ban_standing(monkeypatch):
    creator, user = UserFactory(), UserFactory()
    restriction = ban(user, creator)
    appeal = appeal_create(user=user, restriction=restriction, text="Sorry")
    _refuse_announcements(monkeypatch)
    with pytest.raises(DeskDown):
        appeal_decide(actor=creator, appeal=appeal, approve=True, reason="OK")
    restriction.refresh_from_db()
    assert restriction.lifted_at is None  # the lift's own row and change went with it
    assert not AuditEntry.objects.exists()
    assert Appeal.objects.get().status == AppealStatus.PENDING


def test_an_action_rolled_back_by_its_caller_takes_its_audit_row_with_it():
    stream = LiveStreamFactory()
    filed = _reported_message(stream)
    seen = []

    @transaction.atomic
    def resolve_then_fail():
        report_resolve(actor=stream.creator, report=filed)
        seen.append(AuditEntry.objects.count())
        raise DeskDown

    with pytest.raises(DeskDown):
        resolve_then_fail()
    assert seen == [1]
    assert not AuditEntry.objects.exists()
    assert Report.objects.get().status == ReportStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_an_audit_row_is_only_written_inside_a_transaction():
    with pytest.raises(RuntimeError):
        audit.record(actor=UserFactory(), action="report.resolve")
    assert not AuditEntry.objects.exists()


def _raw(sql: str):
    def run(entry_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry_id])

    return run


CHANGES = {
    "update": lambda entry_id: AuditEntry.objects.filter(pk=entry_id).update(reason="nothing happened"),
    "delete": lambda entry_id: AuditEntry.objects.filter(pk=entry_id).delete(),
    "raw update": _raw("UPDATE restrictions_auditentry SET reason = '' WHERE id = %s"),
    "raw delete": _raw("DELETE FROM restrictions_auditentry WHERE id = %s"),
}


@pytest.mark.postgres
@pytest.mark.parametrize("change", CHANGES)
def test_postgresql_refuses_to_change_or_delete_an_audit_row(change):
    stream = LiveStreamFactory()
    report_resolve(actor=stream.creator, report=_reported_message(stream), resolution="deleted")
    entry = AuditEntry.objects.get()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        CHANGES[change](entry.pk)
    entry.refresh_from_db()
    assert entry.reason == "deleted"


def test_platform_moderators_read_everything_channel_moderators_their_channels():
    here, there = LiveStreamFactory(), LiveStreamFactory()
    report_resolve(actor=here.creator, report=_reported_message(here))
    report_resolve(actor=there.creator, report=_reported_message(there))
    someone = UserFactory()
    platform = PlatformModeratorFactory()
    report_resolve(
        actor=platform,
        report=report_create(reporter=UserFactory(), target_type="user", target_id=str(someone.pk), reason="hate")[0],
    )
    assert len(audit_log(platform)) == 3
    mine = audit_log(channel_moderator(here.creator))
    assert [(entry.channel_id, entry.actor_id) for entry in mine] == [(here.creator_id, here.creator_id)]
    assert audit_log(UserFactory()) == []


def test_the_log_filters_by_channel_actor_user_and_pages_newest_first():
    stream = LiveStreamFactory()
    moderator = channel_moderator(stream.creator)
    reports = [_reported_message(stream) for _ in range(3)]
    report_resolve(actor=moderator, report=reports[0])
    report_resolve(actor=stream.creator, report=reports[1])
    report_resolve(actor=moderator, report=reports[2])
    platform = PlatformModeratorFactory()
    newest, middle, oldest = audit_log(platform)
    assert [e.target for e in (newest, middle, oldest)] == [r.key for r in reversed(reports)]
    assert audit_log(platform, actor_id=moderator.pk) == [newest, oldest]
    assert audit_log(platform, user_id=reports[1].reported_user_id) == [middle]
    assert audit_log(platform, channel_id=stream.creator_id, before=newest.pk, limit=1) == [middle]
    assert audit_log(platform, channel_id=UserFactory().pk) == []
