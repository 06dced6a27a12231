"""Reports: who may report what, once per reporter and target, counted per target; resolving a
target's reports at once, by whom, and what the reporters hear."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.core.exceptions import InvalidInput
from apps.moderation.errors import NotSignedIn, OwnTarget, ReportResolved, TargetNotFound
from apps.moderation.models import Report, ReportStatus
from apps.moderation.selectors.reports import report_queue
from apps.moderation.services.reports import report_create, report_resolve
from apps.notifications.models import Kind, Notification
from apps.restrictions.errors import NotChannelModerator, NotPlatformModerator
from apps.restrictions.models import AuditEntry
from apps.streaming.models import ChatMessage, Review, Visibility
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.reporting import channel_moderator, say
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stream():
    return LiveStreamFactory()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit work (events and their notifications) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def report(reporter, target, reason="harassment", text=""):
    target_type, target_id = target
    return report_create(reporter=reporter, target_type=target_type, target_id=str(target_id), reason=reason, text=text)


def message_of(stream, author=None):
    return say(stream, author or UserFactory(), "you are terrible")


# --- Filing ------------------------------------------------------------------------------------
def test_a_reported_message_goes_to_its_channel_with_its_author(stream):
    line = message_of(stream)
    filed, created = report(UserFactory(), ("message", line.pk), text="  insults  ")
    assert created
    assert (filed.channel_id, filed.reported_user_id, filed.text) == (stream.creator_id, line.user_id, "insults")
    assert filed.status == ReportStatus.OPEN


def test_users_profiles_streams_and_the_creators_own_words_are_for_platform_moderators(stream):
    someone, reporter = UserFactory(), UserFactory()
    creators_line = say(stream, stream.creator)
    for target, owner in (
        (("user", someone.pk), someone),
        (("profile", someone.pk), someone),
        (("stream", stream.pk), stream.creator),
        (("message", creators_line.pk), stream.creator),
    ):
        filed, _ = report(reporter, target)
        assert (filed.channel_id, filed.reported_user_id) == (None, owner.pk), target


def test_reporting_the_same_thing_again_files_nothing_new_and_counts_once(stream):
    line = message_of(stream)
    first_reporter, second_reporter = UserFactory(), UserFactory()
    first, _ = report(first_reporter, ("message", line.pk), reason="spam")
    again, created = report(first_reporter, ("message", line.pk), reason="hate", text="and hate")
    assert (again, created) == (first, False)
    assert (again.reason, again.text) == ("spam", "")  # the first report, untouched
    report(second_reporter, ("message", line.pk))
    [item] = report_queue(PlatformModeratorFactory())
    assert item.count == 2
    assert Report.objects.count() == 2


def test_a_stream_is_the_same_target_however_its_uuid_is_spelled(stream):
    reporter = UserFactory()
    first, _ = report(reporter, ("stream", str(stream.pk).upper()))
    again, created = report(reporter, ("stream", stream.pk.hex))
    assert (again, created, first.target_id) == (first, False, str(stream.pk))


def test_after_its_reports_are_resolved_a_target_can_be_reported_again(stream):
    line, reporter = message_of(stream), UserFactory()
    first, _ = report(reporter, ("message", line.pk))
    report_resolve(actor=stream.creator, report=first, resolution="talked to them")
    second, created = report(reporter, ("message", line.pk))
    assert created
    assert second != first


@pytest.mark.parametrize("what", ["message", "user", "profile", "stream"])
def test_nobody_reports_their_own(stream, what):
    author = stream.creator
    target = {
        "message": ("message", say(stream, author).pk),
        "user": ("user", author.pk),
        "profile": ("profile", author.pk),
        "stream": ("stream", stream.pk),
    }[what]
    with pytest.raises(OwnTarget):
        report(author, target)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        ("message", 987654),
        ("user", 987654),
        ("profile", 987654),
        ("stream", uuid.uuid4()),
        ("message", "abc"),
        ("user", "-1"),
        ("user", "0"),
        ("user", "99999999999999999999999"),
        ("user", "١٢"),  # digits, but not ours
        ("stream", "not-a-uuid"),
        ("tournament", 1),
    ],
)
def test_what_does_not_exist_cannot_be_reported(target):
    with pytest.raises(TargetNotFound):
        report(UserFactory(), target)
    assert not Report.objects.exists()


def test_what_the_reporter_cannot_have_seen_is_not_found(stream):
    private = LiveStreamFactory(visibility=Visibility.PRIVATE)
    unseen = [
        ("stream", private.pk),
        ("message", message_of(private).pk),
        *(
            ("message", ChatMessage.objects.create(stream=stream, user=UserFactory(), content="x", **hidden).pk)
            for hidden in (
                {"review": Review.HELD},
                {"review": Review.DENIED},
                {"review": Review.EXPIRED},
                {"shadow": True},
            )
        ),
    ]
    for target in unseen:
        with pytest.raises(TargetNotFound):
            report(UserFactory(), target)
    assert not Report.objects.exists()
    approved = ChatMessage.objects.create(stream=stream, user=UserFactory(), content="x", review=Review.APPROVED)
    assert report(UserFactory(), ("message", approved.pk))[1]


def test_a_system_line_has_no_author_to_report(stream):
    line = say(stream, None, "Ana went live")
    with pytest.raises(TargetNotFound):
        report(UserFactory(), ("message", line.pk))


def test_signed_out_nobody_reports(stream):
    with pytest.raises(NotSignedIn):
        report(AnonymousUser(), ("message", message_of(stream).pk))


@pytest.mark.parametrize(("reason", "text", "field"), [("rude", "", "reason"), ("spam", "x" * 501, "text")])
def test_a_reason_off_the_list_or_too_long_a_text_is_refused(stream, reason, text, field):
    with pytest.raises(InvalidInput) as refused:
        report(UserFactory(), ("message", message_of(stream).pk), reason=reason, text=text)
    assert refused.value.field == field
    assert not Report.objects.exists()


def test_the_reporter_hears_it_was_received_once(stream, committed):
    reporter, line = UserFactory(), message_of(stream)
    with committed():
        filed, _ = report(reporter, ("message", line.pk))
    with committed():
        report(reporter, ("message", line.pk))
    notification = Notification.objects.get(recipient=reporter)
    assert (notification.kind, notification.source_key) == (Kind.REPORT, f"report.received:{filed.pk}")
    assert notification.title == "We received your report"
    assert f"a chat message by {line.user.public_name}" in notification.body


# --- Resolving ---------------------------------------------------------------------------------
def test_resolving_resolves_every_open_report_of_the_target_and_logs_it_once(stream):
    line, other = message_of(stream), message_of(stream)
    first, _ = report(UserFactory(), ("message", line.pk))
    report(UserFactory(), ("message", line.pk), reason="spam")
    untouched, _ = report(UserFactory(), ("message", other.pk))
    moderator = channel_moderator(stream.creator)
    resolved = report_resolve(actor=moderator, report=first, resolution="Timed out 10 min", action_taken=True)
    assert len(resolved) == 2
    assert set(Report.objects.filter(target_id=str(line.pk)).values_list("status", "resolved_by", "action_taken")) == {
        (ReportStatus.RESOLVED, moderator.pk, True)
    }
    untouched.refresh_from_db()
    assert untouched.status == ReportStatus.OPEN
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.user_id, entry.channel_id) == (
        moderator,
        "report.resolve",
        line.user_id,
        stream.creator_id,
    )
    assert (entry.target, entry.reason, entry.detail) == (
        f"message:{line.pk}",
        "Timed out 10 min",
        {"reports": 2, "action_taken": True},
    )


@pytest.mark.parametrize(
    ("action_taken", "title"), [(True, "We acted on your report"), (False, "We reviewed your report")]
)
def test_each_reporter_hears_whether_action_was_taken(stream, committed, action_taken, title):
    line, reporters = message_of(stream), [UserFactory(), UserFactory()]
    filed = [report(reporter, ("message", line.pk))[0] for reporter in reporters]
    with committed():
        report_resolve(actor=stream.creator, report=filed[0], action_taken=action_taken)
    for reporter, each in zip(reporters, filed, strict=True):
        notification = Notification.objects.get(recipient=reporter, source_key=f"report.resolved:{each.pk}")
        assert (notification.kind, notification.title) == (Kind.REPORT, title)


def test_only_the_channels_moderators_resolve_its_reports(stream):
    filed, _ = report(UserFactory(), ("message", message_of(stream).pk))
    for outsider in (UserFactory(), channel_moderator(LiveStreamFactory().creator)):
        with pytest.raises(NotChannelModerator):
            report_resolve(actor=outsider, report=filed)
    filed.refresh_from_db()
    assert filed.status == ReportStatus.OPEN
    assert not AuditEntry.objects.exists()
    report_resolve(actor=PlatformModeratorFactory(), report=filed)


def test_reports_about_a_user_are_for_platform_moderators_only(stream):
    filed, _ = report(UserFactory(), ("user", stream.creator.pk))
    with pytest.raises(NotPlatformModerator):
        report_resolve(actor=channel_moderator(stream.creator), report=filed)
    report_resolve(actor=PlatformModeratorFactory(), report=filed)


def test_a_moderator_does_not_resolve_reports_about_themselves(stream):
    moderator = channel_moderator(stream.creator)
    filed, _ = report(UserFactory(), ("message", say(stream, moderator).pk))
    with pytest.raises(OwnTarget):
        report_resolve(actor=moderator, report=filed)


def test_resolving_twice_is_a_conflict(stream):
    filed, _ = report(UserFactory(), ("message", message_of(stream).pk))
    report_resolve(actor=stream.creator, report=filed)
    filed.refresh_from_db()
    with pytest.raises(ReportResolved):
        report_resolve(actor=stream.creator, report=filed)
    assert AuditEntry.objects.count() == 1


def test_a_report_read_before_another_moderator_resolved_it_is_a_conflict(stream):
    filed, _ = report(UserFactory(), ("message", message_of(stream).pk))
    stale = Report.objects.get(pk=filed.pk)
    report_resolve(actor=stream.creator, report=filed)
    with pytest.raises(ReportResolved):
        report_resolve(actor=PlatformModeratorFactory(), report=stale)
    assert AuditEntry.objects.count() == 1


# --- The queue ---------------------------------------------------------------------------------
def test_the_queue_groups_by_target_oldest_first_with_the_messages_around(stream):
    lines = [say(stream, UserFactory(), f"line {n}") for n in range(10)]
    user = UserFactory()
    report(UserFactory(), ("user", user.pk))
    report(UserFactory(), ("message", lines[5].pk))
    report(UserFactory(), ("message", lines[1].pk))
    report(UserFactory(), ("message", lines[5].pk))
    first, second, third = report_queue(PlatformModeratorFactory())
    assert [(item.key, item.count) for item in (first, second, third)] == [
        (f"user:{user.pk}", 1),
        (f"message:{lines[5].pk}", 2),
        (f"message:{lines[1].pk}", 1),
    ]
    assert [m.content for m in second.before] == ["line 2", "line 3", "line 4"]
    assert [m.content for m in second.after] == ["line 6", "line 7", "line 8"]
    assert [m.content for m in third.before] == ["line 0"]
    assert [m.content for m in third.after] == ["line 2", "line 3", "line 4"]
    assert first.target.obj == user
    assert first.before == first.after == []


def test_channel_moderators_see_their_channels_reports_only(stream):
    elsewhere = LiveStreamFactory()
    here, _ = report(UserFactory(), ("message", message_of(stream).pk))
    report(UserFactory(), ("message", message_of(elsewhere).pk))
    report(UserFactory(), ("user", UserFactory().pk))
    assert [item.key for item in report_queue(channel_moderator(stream.creator))] == [here.key]
    assert [item.key for item in report_queue(stream.creator)] == [here.key]
    assert report_queue(UserFactory()) == []
    assert len(report_queue(PlatformModeratorFactory())) == 3


def test_the_queue_shows_open_reports_only_and_survives_a_deleted_target(stream):
    gone = LiveStreamFactory()
    filed, _ = report(UserFactory(), ("message", message_of(stream).pk))
    report(UserFactory(), ("stream", gone.pk))
    report_resolve(actor=stream.creator, report=filed)
    gone.delete()
    [item] = report_queue(PlatformModeratorFactory())
    assert (item.target_type, item.target) == ("stream", None)
