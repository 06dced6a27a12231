"""Moderators' actions and what they do to the user's standing in the channel (rules.restriction_problem),
under a clock the test moves: timeouts end by time, bans and warnings when lifted or acknowledged."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.restrictions import hooks
from apps.restrictions.errors import (
    AlreadyBanned,
    Banned,
    CannotRestrict,
    NotChannelModerator,
    NotPlatformModerator,
    NotRestricted,
    PlatformBanned,
    RestrictionInvalid,
    TimedOut,
    WarningPending,
)
from apps.restrictions.models import TIMEOUT_MAX_SECONDS, AuditEntry, ChannelModerator, ChannelSafety, Restriction
from apps.restrictions.rules import is_shadow_hidden, restriction_problem
from apps.restrictions.services import actions
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _nothing_written():
    return Restriction.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_a_timeout_stands_until_its_time_passes(clock, creator, viewer):
    actions.timeout(actor=creator, channel=creator, user=viewer, seconds=600, reason="Spamming links")
    problem = restriction_problem(viewer, creator.pk)
    assert isinstance(problem, TimedOut)
    assert (problem.code, problem.status, problem.reason) == ("timed_out", 403, "Spamming links")
    assert problem.until == clock.now + timedelta(seconds=600)
    assert "until" in problem.detail
    assert "Reason: Spamming links" in problem.detail
    assert problem.extra() == {"until": int(problem.until.timestamp() * 1000), "reason": "Spamming links"}
    assert restriction_problem(viewer, UserFactory().pk) is None  # another channel: free
    clock.advance(seconds=599)
    assert restriction_problem(viewer, creator.pk) is not None
    clock.advance(seconds=1)
    assert restriction_problem(viewer, creator.pk) is None


def test_restriction_problem_reads_once(creator, viewer, django_assert_num_queries):
    actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60)
    actions.warn(actor=creator, channel=creator, user=viewer, reason="Be kind")
    with django_assert_num_queries(1):
        assert restriction_problem(viewer, creator.pk).code == "timed_out"  # the timeout first


@pytest.mark.parametrize("seconds", [0, -5, TIMEOUT_MAX_SECONDS + 1, True, "60", 1.5, None])
def test_a_timeout_lasts_one_second_to_fourteen_days(creator, viewer, seconds):
    with pytest.raises(RestrictionInvalid) as refused:
        actions.timeout(actor=creator, channel=creator, user=viewer, seconds=seconds)
    assert refused.value.field == "seconds"
    assert _nothing_written()


def test_the_longest_timeout_is_fourteen_days(creator, viewer):
    assert actions.timeout(actor=creator, channel=creator, user=viewer, seconds=TIMEOUT_MAX_SECONDS).ends_at


def test_a_new_timeout_replaces_the_running_one(clock, creator, viewer):
    first = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=3600)
    actions.timeout(actor=creator, channel=creator, user=viewer, seconds=10)
    first.refresh_from_db()
    assert (first.ends_at, first.lifted_at) == (clock.now, None)  # ended, not undone
    clock.advance(seconds=10)
    assert restriction_problem(viewer, creator.pk) is None


def test_escalating_penalties_double_the_second_timeout_and_make_the_third_a_day(clock, creator, viewer):
    ChannelSafety.objects.create(channel=creator, escalating_penalties=True)
    lengths = []
    for _ in range(4):
        restriction = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60)
        lengths.append(int((restriction.ends_at - restriction.created_at).total_seconds()))
        clock.advance(minutes=5)
    assert lengths == [60, 120, 24 * 3600, 24 * 3600]
    audit = AuditEntry.objects.filter(action="timeout").order_by("id")
    assert [(a.detail["requested_seconds"], a.detail["seconds"]) for a in audit][:2] == [(60, 60), (60, 120)]
    clock.advance(days=2)  # outside the window: counted afresh
    restriction = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60)
    actions.lift(actor=creator, restriction=restriction)  # an appeal approved: it does not count
    clock.advance(minutes=5)
    restriction = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60)
    assert (restriction.ends_at - restriction.created_at).total_seconds() == 60


def test_without_escalating_penalties_each_timeout_lasts_what_was_asked(clock, creator, viewer):
    for _ in range(3):
        restriction = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60)
        assert (restriction.ends_at - restriction.created_at).total_seconds() == 60


def test_a_ban_stands_until_lifted_and_twice_is_refused(clock, creator, channel_moderator, viewer):
    actions.ban(actor=channel_moderator, channel=creator, user=viewer, reason="Hate speech")
    problem = restriction_problem(viewer, creator.pk)
    assert isinstance(problem, Banned)
    assert (problem.until, problem.reason) == (None, "Hate speech")
    assert problem.extra() == {"until": None, "reason": "Hate speech"}
    clock.advance(days=400)
    assert restriction_problem(viewer, creator.pk).code == "banned"
    with pytest.raises(AlreadyBanned) as twice:
        actions.ban(actor=creator, channel=creator, user=viewer)
    assert (twice.value.status, twice.value.code) == (409, "already_banned")
    assert Restriction.objects.filter(kind="ban").count() == 1
    assert AuditEntry.objects.filter(action="ban").count() == 1
    actions.unban(actor=creator, channel=creator, user=viewer, reason="Apologised")
    assert restriction_problem(viewer, creator.pk) is None
    with pytest.raises(NotRestricted):
        actions.unban(actor=creator, channel=creator, user=viewer)
    actions.ban(actor=creator, channel=creator, user=viewer)  # banned again after the lift
    assert Restriction.objects.filter(kind="ban").count() == 2


def test_a_warning_stands_until_the_user_acknowledges_it(creator, viewer):
    with pytest.raises(RestrictionInvalid):
        actions.warn(actor=creator, channel=creator, user=viewer, reason="  ")
    actions.warn(actor=creator, channel=creator, user=viewer, reason="Keep it civil")
    problem = restriction_problem(viewer, creator.pk)
    assert isinstance(problem, WarningPending)
    assert "Keep it civil" in problem.detail
    actions.acknowledge_warning(user=viewer, channel=creator)
    assert restriction_problem(viewer, creator.pk) is None
    with pytest.raises(NotRestricted):
        actions.acknowledge_warning(user=viewer, channel=creator)
    assert AuditEntry.objects.filter(action="warning_acknowledged", actor=viewer).count() == 1


def test_a_shadow_hide_limits_nothing_the_user_can_see(creator, platform_moderator, viewer):
    actions.shadow_hide(actor=creator, channel=creator, user=viewer)
    assert is_shadow_hidden(viewer, creator.pk)
    assert not is_shadow_hidden(viewer, UserFactory().pk)
    assert restriction_problem(viewer, creator.pk) is None
    with pytest.raises(AlreadyBanned):
        actions.shadow_hide(actor=creator, channel=creator, user=viewer)
    actions.shadow_unhide(actor=creator, channel=creator, user=viewer)
    assert not is_shadow_hidden(viewer, creator.pk)
    with pytest.raises(NotPlatformModerator):
        actions.shadow_hide(actor=creator, channel=None, user=viewer)
    actions.shadow_hide(actor=platform_moderator, channel=None, user=viewer)
    assert is_shadow_hidden(viewer, UserFactory().pk)


@pytest.mark.parametrize(
    "action",
    [
        lambda actor, channel, user: actions.timeout(actor=actor, channel=channel, user=user, seconds=60),
        lambda actor, channel, user: actions.ban(actor=actor, channel=channel, user=user),
        lambda actor, channel, user: actions.warn(actor=actor, channel=channel, user=user, reason="x"),
        lambda actor, channel, user: actions.shadow_hide(actor=actor, channel=channel, user=user),
    ],
    ids=["timeout", "ban", "warn", "shadow"],
)
def test_who_may_act_on_whom(action, creator, channel_moderator, platform_moderator, viewer):
    other_moderator = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=other_moderator)
    before = Restriction.objects.count(), AuditEntry.objects.count()
    with pytest.raises(NotChannelModerator) as outsider:
        action(UserFactory(), creator, viewer)
    assert outsider.value.status == 403
    for actor, target in [
        (channel_moderator, creator),  # the creator
        (creator, platform_moderator),  # a platform moderator
        (channel_moderator, channel_moderator),  # oneself
        (channel_moderator, other_moderator),  # a fellow moderator: the creator's call
    ]:
        with pytest.raises(CannotRestrict):
            action(actor, creator, target)
    assert (Restriction.objects.count(), AuditEntry.objects.count()) == before
    action(creator, creator, other_moderator)  # the creator may
    action(platform_moderator, creator, viewer)  # and a platform moderator, anywhere


def test_every_action_writes_its_audit_row(creator, viewer):
    restriction = actions.timeout(actor=creator, channel=creator, user=viewer, seconds=60, reason="Caps")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.user, entry.channel, entry.reason, entry.target) == (
        creator, "timeout", viewer, creator, "Caps", f"restriction:{restriction.pk}"
    )  # fmt: skip
    actions.lift(actor=creator, restriction=restriction, reason="Appeal approved")
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == ["timeout", "lift_timeout"]
    assert restriction_problem(viewer, creator.pk) is None
    with pytest.raises(NotRestricted):
        actions.lift(actor=creator, restriction=restriction)


def test_a_failing_action_leaves_neither_restriction_nor_audit_row(creator, viewer, monkeypatch):
    def fail(restriction):
        raise RuntimeError("a handler failed")

    monkeypatch.setattr(hooks, "on_restricted", [*hooks.on_restricted, fail])
    with pytest.raises(RuntimeError):
        actions.ban(actor=creator, channel=creator, user=viewer, reason="x")
    assert _nothing_written()


def test_hooks_run_inside_the_transaction_with_the_rows_written(creator, viewer, monkeypatch):
    seen = []

    def look(restriction):
        seen.append((connection.in_atomic_block, AuditEntry.objects.filter(user=viewer).count(), restriction.kind))

    monkeypatch.setattr(hooks, "on_restricted", [*hooks.on_restricted, look])
    actions.warn(actor=creator, channel=creator, user=viewer, reason="x")
    assert seen == [(True, 1, "warning")]


def test_a_platform_ban_signs_the_user_out_everywhere_and_keeps_them_out(platform_moderator, creator, viewer):
    browser = Client()
    assert browser.login(username=viewer.username, password=PASSWORD)
    other = Client()
    other.force_login(UserFactory())
    Token.objects.create(user=viewer)
    with pytest.raises(NotPlatformModerator):
        actions.platform_ban(actor=creator, user=viewer, reason="Spam bot")
    with pytest.raises(CannotRestrict):
        actions.platform_ban(actor=platform_moderator, user=platform_moderator, reason="x")

    actions.platform_ban(actor=platform_moderator, user=viewer, reason="Spam bot")
    viewer.refresh_from_db()
    assert not viewer.is_active
    assert Session.objects.count() == 1  # only the other user's
    assert not Token.objects.filter(user=viewer).exists()
    assert not Client().login(username=viewer.username, password=PASSWORD)
    problem = restriction_problem(viewer, creator.pk)
    assert isinstance(problem, PlatformBanned)
    assert problem.reason == "Spam bot"
    assert restriction_problem(viewer, None).code == "platform_banned"
    with pytest.raises(AlreadyBanned):
        actions.platform_ban(actor=platform_moderator, user=viewer, reason="again")

    actions.platform_unban(actor=platform_moderator, user=viewer)
    viewer.refresh_from_db()
    assert viewer.is_active
    assert restriction_problem(viewer, creator.pk) is None
    assert Client().login(username=viewer.username, password=PASSWORD)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "platform_ban", "platform_unban"
    ]  # fmt: skip


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_an_audit_row(creator, viewer):
    actions.ban(actor=creator, channel=creator, user=viewer, reason="x")
    entry = AuditEntry.objects.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="nothing happened")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get().reason == "x"
