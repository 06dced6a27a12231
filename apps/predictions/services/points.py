"""Earning and claiming channel points. Every point moves through apps.wallet's points services,
each with an idempotency key, so a task or request that runs twice credits once."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import Follow
from apps.predictions import events, rules
from apps.predictions.models import ViewerPoints, WatchReward
from apps.streaming.models import Status, StreamViewer
from apps.wallet.services import points_credit


def _viewer_points(user, channel) -> ViewerPoints:
    ViewerPoints.objects.get_or_create(user=user, channel=channel)
    return ViewerPoints.objects.select_for_update().get(user=user, channel=channel)


def _follow_bonus(state: ViewerPoints) -> int:
    """Once per channel, for a viewer who follows it: the points credited (0: none now)."""
    if state.follow_bonus_at or not Follow.objects.filter(follower=state.user, creator=state.channel).exists():
        return 0
    points_credit(
        user=state.user,
        channel=state.channel,
        amount=settings.POINTS_FOLLOW_BONUS,
        reference=f"follow:{state.channel_id}",
        idempotency_key=f"points:follow:{state.channel_id}:{state.user_id}",
        memo="Bonus for following",
    )
    state.follow_bonus_at = timezone.now()
    state.save(update_fields=["follow_bonus_at"])
    return settings.POINTS_FOLLOW_BONUS


@transaction.atomic
def points_claim(*, stream, user) -> int:
    """Claim the bonus (with the welcome bonus on the first claim in the channel, and the follow
    bonus if it is due). Returns the points credited; too early: ClaimNotReady with when."""
    if problem := rules.points_problem(stream, user):
        raise problem
    channel = stream.creator
    state = _viewer_points(user, channel)
    if problem := rules.claim_problem(stream, user, last_claimed_at=state.last_claimed_at):
        raise problem
    now = timezone.now()
    amount = settings.POINTS_CLAIM_AMOUNT + (0 if state.last_claimed_at else settings.POINTS_WELCOME_BONUS)
    points_credit(
        user=user,
        channel=channel,
        amount=amount,
        reference=f"stream:{stream.pk}",
        # The row is locked and the time moves on, so each claim has its own key.
        idempotency_key=f"points:claim:{channel.pk}:{user.pk}:{int(now.timestamp() * 1000)}",
        memo="Claimed bonus" if state.last_claimed_at else "Claimed bonus and welcome bonus",
    )
    state.last_claimed_at = now
    state.save(update_fields=["last_claimed_at"])
    amount += _follow_bonus(state)
    events.send_points(stream_id=stream.pk, user=user, channel=channel)
    return amount


def points_reward_watching() -> int:
    """The beat task's round: credit every signed-in viewer present on a live stream for each whole
    period they have watched it and not been credited for yet. Returns how many were credited."""
    viewers = (
        StreamViewer.objects.present()
        .filter(stream__status=Status.LIVE, user__isnull=False)
        .exclude(user=F("stream__creator"))
        .select_related("stream__creator", "user")
    )
    return sum(_reward_viewer(viewer) for viewer in viewers)


@transaction.atomic
def _reward_viewer(viewer: StreamViewer) -> bool:
    now = timezone.now()
    watched = viewer.watch_seconds
    if viewer.present_since:
        watched += max(0, int((now - viewer.present_since).total_seconds()))
    periods = watched // settings.POINTS_WATCH_PERIOD_SECONDS
    WatchReward.objects.get_or_create(stream=viewer.stream, user=viewer.user)
    reward = WatchReward.objects.select_for_update().get(stream=viewer.stream, user=viewer.user)
    channel = viewer.stream.creator
    credited = 0
    if periods > reward.periods:
        points_credit(
            user=viewer.user,
            channel=channel,
            amount=(periods - reward.periods) * settings.POINTS_WATCH_AMOUNT,
            reference=f"stream:{viewer.stream_id}",
            idempotency_key=f"points:watch:{viewer.stream_id}:{viewer.user_id}:{periods}",
            memo="Watching",
        )
        reward.periods = periods
        reward.save(update_fields=["periods"])
        credited = 1
    credited += bool(_follow_bonus(_viewer_points(viewer.user, channel)))
    if credited:
        events.send_points(stream_id=viewer.stream_id, user=viewer.user, channel=channel)
    return bool(credited)
