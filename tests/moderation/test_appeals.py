"""Appeals: one per standing ban, by the banned user only; approved (the ban is lifted) or denied
(with a reason) by the ban's channel's moderators, or platform moderators for a platform ban; the
user is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.exceptions import InvalidInput
from apps.moderation.errors import AlreadyAppealed, AppealDecided, BanNotFound, BanNotStanding, ReasonRequired
from apps.moderation.models import Appeal, AppealStatus
from apps.moderation.selectors.appeals import appeal_queue
from apps.moderation.services.appeals import appeal_create, appeal_decide
from apps.notifications.models import Kind, Notification
from apps.restrictions.errors import NotChannelModerator, NotPlatformModerator
from apps.restrictions.models import AuditEntry, Restriction, RestrictionKind
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.moderation.reporting import ban, channel_moderator

pytestmark = pytest.mark.django_db

PLEA = "I was joking with a friend; it will not happen again."


@pytest.fixture
def creator():
    return UserFactory()


@pytest.fixture
def banned(creator):
    user = UserFactory()
    return user, ban(user, creator, reason="spam links", created_by=creator)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_banned_user_appeals_their_ban(banned):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=f"  {PLEA}  ")
    assert (appeal.user, appeal.restriction, appeal.text, appeal.status) == (
        user,
        restriction,
        PLEA,
        AppealStatus.PENDING,
    )


def test_one_appeal_per_ban(banned):
    user, restriction = banned
    appeal_create(user=user, restriction=restriction, text=PLEA)
    with pytest.raises(AlreadyAppealed) as refused:
        appeal_create(user=user, restriction=restriction, text="Please, again")
    assert refused.value.status == 409
    assert Appeal.objects.count() == 1


def test_a_denied_appeal_is_still_the_one_appeal_of_that_ban(banned, creator):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    appeal_decide(actor=creator, appeal=appeal, approve=False, reason="Third time")
    with pytest.raises(AlreadyAppealed):
        appeal_create(user=user, restriction=restriction, text="Please")


def test_someone_elses_ban_or_a_timeout_is_not_found(banned, creator):
    _, restriction = banned
    with pytest.raises(BanNotFound) as refused:
        appeal_create(user=UserFactory(), restriction=restriction, text=PLEA)
    assert refused.value.status == 404
    timed_out = UserFactory()
    timeout = Restriction.objects.create(
        user=timed_out,
        channel=creator,
        kind=RestrictionKind.TIMEOUT,
        created_at=timezone.now(),
        ends_at=timezone.now() + timedelta(minutes=10),
    )
    with pytest.raises(BanNotFound):
        appeal_create(user=timed_out, restriction=timeout, text=PLEA)
    assert not Appeal.objects.exists()


def test_a_lifted_or_ended_ban_cannot_be_appealed(creator):
    lifted_user, ended_user = UserFactory(), UserFactory()
    lifted = ban(lifted_user, creator, lifted_at=timezone.now())
    ended = ban(ended_user, creator, ends_at=timezone.now() - timedelta(seconds=1))
    for user, restriction in ((lifted_user, lifted), (ended_user, ended)):
        with pytest.raises(BanNotStanding) as refused:
            appeal_create(user=user, restriction=restriction, text=PLEA)
        assert refused.value.status == 409


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_an_appeal_says_why_in_at_most_500_characters(banned, text):
    user, restriction = banned
    with pytest.raises(InvalidInput) as refused:
        appeal_create(user=user, restriction=restriction, text=text)
    assert refused.value.field == "text"
    assert not Appeal.objects.exists()


def test_approving_lifts_the_ban_logs_it_and_tells_the_user(banned, creator, committed):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    moderator = channel_moderator(creator)
    with committed():
        decided = appeal_decide(actor=moderator, appeal=appeal, approve=True, reason="Fair enough")
    restriction.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.decision_reason) == (
        AppealStatus.APPROVED,
        moderator,
        "Fair enough",
    )
    assert restriction.lifted_at is not None
    assert restriction.lifted_by == moderator
    entry = AuditEntry.objects.get(action="appeal.approve")
    assert (entry.actor, entry.user, entry.channel, entry.target, entry.reason) == (
        moderator,
        user,
        creator,
        f"appeal:{appeal.pk}",
        "Fair enough",
    )
    notification = Notification.objects.get(recipient=user)
    assert (notification.kind, notification.source_key) == (Kind.APPEAL, f"appeal.decided:{appeal.pk}")
    assert notification.title == f"Your ban from {creator.public_name}'s channel was lifted"
    assert notification.url == f"/u/{creator.username}/"


def test_denying_needs_a_reason_keeps_the_ban_and_tells_the_user_why(banned, creator, committed):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    with pytest.raises(ReasonRequired):
        appeal_decide(actor=creator, appeal=appeal, approve=False, reason="  ")
    with committed():
        appeal_decide(actor=creator, appeal=appeal, approve=False, reason="Slurs are not a joke.")
    restriction.refresh_from_db()
    assert restriction.lifted_at is None
    assert AuditEntry.objects.get().action == "appeal.deny"
    notification = Notification.objects.get(recipient=user)
    assert notification.title == f"Your appeal against your ban from {creator.public_name}'s channel was denied"
    assert notification.body == "Slurs are not a joke."


def test_only_the_bans_channel_moderators_decide(banned, creator):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    for outsider in (user, UserFactory(), channel_moderator(UserFactory())):
        with pytest.raises(NotChannelModerator):
            appeal_decide(actor=outsider, appeal=appeal, approve=True)
    restriction.refresh_from_db()
    assert restriction.lifted_at is None
    assert not AuditEntry.objects.exists()
    appeal_decide(actor=PlatformModeratorFactory(), appeal=appeal, approve=True)


def test_a_platform_ban_is_for_platform_moderators_to_decide(committed):
    user, creator = UserFactory(is_active=False), UserFactory()  # a platform ban deactivates
    restriction = ban(user)
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    with pytest.raises(NotPlatformModerator):
        appeal_decide(actor=creator, appeal=appeal, approve=True)
    with committed():
        appeal_decide(actor=PlatformModeratorFactory(), appeal=appeal, approve=True)
    assert Notification.objects.get(recipient=user).title == "Your ban from Ball Skill Live was lifted"


def test_deciding_twice_is_a_conflict(banned, creator):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    stale = Appeal.objects.get(pk=appeal.pk)
    appeal_decide(actor=creator, appeal=appeal, approve=False, reason="No")
    for again in (appeal, stale):
        with pytest.raises(AppealDecided):
            appeal_decide(actor=creator, appeal=again, approve=True)
    restriction.refresh_from_db()
    assert restriction.lifted_at is None
    assert AuditEntry.objects.count() == 1


def test_approving_an_appeal_whose_ban_was_lifted_meanwhile_lifts_nothing_again(banned, creator):
    user, restriction = banned
    appeal = appeal_create(user=user, restriction=restriction, text=PLEA)
    lifted_at = timezone.now() - timedelta(minutes=5)
    Restriction.objects.filter(pk=restriction.pk).update(lifted_at=lifted_at, lifted_by=creator)
    appeal_decide(actor=PlatformModeratorFactory(), appeal=appeal, approve=True)
    restriction.refresh_from_db()
    assert (restriction.lifted_at, restriction.lifted_by) == (lifted_at, creator)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["appeal.approve"]


def test_the_appeal_queue_shows_pending_appeals_a_moderator_may_decide_oldest_first(banned, creator):
    user, restriction = banned
    here = appeal_create(user=user, restriction=restriction, text=PLEA)
    elsewhere_user, platform_user = UserFactory(), UserFactory()
    elsewhere = appeal_create(user=elsewhere_user, restriction=ban(elsewhere_user, UserFactory()), text=PLEA)
    platform = appeal_create(user=platform_user, restriction=ban(platform_user), text=PLEA)
    assert appeal_queue(channel_moderator(creator)) == [here]
    assert appeal_queue(creator) == [here]
    assert appeal_queue(PlatformModeratorFactory()) == [here, elsewhere, platform]
    appeal_decide(actor=creator, appeal=here, approve=False, reason="No")
    assert appeal_queue(creator) == []
