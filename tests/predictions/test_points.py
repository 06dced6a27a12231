"""Earning channel points: watching (per whole period, idempotent), following (once), the claimable
bonus (with the welcome bonus on the first claim), each through the ledger's points services."""

import pytest
from django.test import override_settings

from apps.predictions.errors import ClaimNotReady, PointsUnavailable
from apps.predictions.services.points import points_claim, points_reward_watching
from apps.streaming.errors import LoginRequired
from apps.streaming.models import Status
from apps.streaming.services import viewer_join, viewer_leave
from tests.factories import FollowFactory, UserFactory
from tests.predictions.conftest import balance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


@override_settings(POINTS_CLAIM_AMOUNT=50, POINTS_WELCOME_BONUS=100, POINTS_CLAIM_INTERVAL_SECONDS=900)
def test_claiming_welcome_then_every_15_minutes(stream, clock):
    ana, channel = UserFactory(), stream.creator
    assert points_claim(stream=stream, user=ana) == 150  # the bonus and the welcome
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(ClaimNotReady) as refused:
        points_claim(stream=stream, user=ana)
    assert refused.value.claim_at == int((clock.now.timestamp() + 1) * 1000)
    clock.advance(seconds=1)
    assert points_claim(stream=stream, user=ana) == 50
    assert balance(ana, channel) == 200


@override_settings(POINTS_CLAIM_AMOUNT=50, POINTS_WELCOME_BONUS=100, POINTS_FOLLOW_BONUS=25)
def test_a_follower_gets_the_follow_bonus_once(stream, clock):
    ana = UserFactory()
    FollowFactory(follower=ana, creator=stream.creator)
    assert points_claim(stream=stream, user=ana) == 175
    clock.advance(minutes=15)
    assert points_claim(stream=stream, user=ana) == 50
    assert balance(ana, stream.creator) == 225


def test_claims_need_a_signed_in_viewer_on_a_live_stream(stream):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(LoginRequired):
        points_claim(stream=stream, user=AnonymousUser())
    stream.status = Status.ENDED
    stream.save(update_fields=["status"])
    with pytest.raises(PointsUnavailable):
        points_claim(stream=stream, user=UserFactory())


@override_settings(POINTS_WATCH_AMOUNT=10, POINTS_WATCH_PERIOD_SECONDS=300, POINTS_FOLLOW_BONUS=0)
def test_watching_earns_per_whole_period_once(stream, clock):
    ana, ben, channel = UserFactory(), UserFactory(), stream.creator
    viewer_join(stream=stream, viewer_key=f"u{ana.pk}", user=ana, socket=True)
    viewer_join(stream=stream, viewer_key=f"u{channel.pk}", user=channel, socket=True)  # the creator earns nothing
    clock.advance(seconds=299)
    assert points_reward_watching() == 0
    clock.advance(seconds=1)
    assert points_reward_watching() == 1
    assert points_reward_watching() == 0  # the same period again: nothing
    viewer_join(stream=stream, viewer_key=f"u{ben.pk}", user=ben, socket=True)
    clock.advance(minutes=11)
    points_reward_watching()
    assert (balance(ana, channel), balance(ben, channel), balance(channel, channel)) == (30, 20, 0)
    viewer_leave(stream=stream, viewer_key=f"u{ana.pk}", socket=True)
    clock.advance(minutes=30)
    points_reward_watching()
    assert balance(ana, channel) == 30  # away: no more
    assert balance(ben, channel) == 80
