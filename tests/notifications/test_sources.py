"""Each moment of a lower app becomes its notification: after commit only, once per source however
often its delivery runs, as each recipient's preferences say (in-app stored, email through Celery)."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.accounts import services as accounts
from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.notifications import services
from apps.notifications.models import Kind, Notification, StreamReminder
from apps.notifications.tasks import stream_started_task
from apps.pk import services as pk
from apps.streaming import services as streaming
from apps.tournaments.services import challenges, matches
from apps.wallet import services as wallet
from tests.factories import UserFactory, documents_for, make_verifiable
from tests.streaming.factories import LiveStreamFactory
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@transaction.atomic
def _start_then_fail(stream) -> None:
    streaming.stream_start(stream=stream, by=stream.creator)
    raise Rollback


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_going_live_notifies_followers_after_commit_and_a_rolled_back_start_notifies_no_one(
    scheduled, follower_of, committed
):
    fan = follower_of(scheduled.creator)
    with committed() as callbacks, pytest.raises(Rollback):
        _start_then_fail(scheduled)
    assert callbacks == []
    assert not Notification.objects.exists()

    with committed():
        streaming.stream_start(stream=scheduled, by=scheduled.creator)
        assert not Notification.objects.exists()  # nothing until the start commits
    notification = Notification.objects.get(recipient=fan)
    assert (notification.kind, notification.actor) == (Kind.FOLLOWED_LIVE, scheduled.creator)
    assert notification.url == f"/streams/{scheduled.pk}/"
    assert scheduled.title in notification.title


def test_a_retried_delivery_notifies_and_emails_no_one_twice(scheduled, follower_of, committed):
    fans = [follower_of(scheduled.creator) for _ in range(3)]
    quiet = UserFactory()
    accounts.follow_create(follower=quiet, creator=scheduled.creator, notify=False)
    with committed():
        streaming.stream_start(stream=scheduled, by=scheduled.creator)
    assert Notification.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in fans)
    with committed():
        stream_started_task.delay(stream_id=str(scheduled.pk), creator_id=scheduled.creator_id)
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3
    assert kinds_of(quiet) == []


def test_the_fan_out_reaches_every_follower_in_batches(scheduled, follower_of, committed, monkeypatch):
    monkeypatch.setattr(services, "FANOUT_BATCH", 2)
    fans = [follower_of(scheduled.creator) for _ in range(5)]
    with committed():
        streaming.stream_start(stream=scheduled, by=scheduled.creator)
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(f.pk for f in fans)


def test_the_fan_out_reads_and_writes_per_batch_not_per_follower(scheduled, follower_of, committed):
    for _ in range(3):
        follower_of(scheduled.creator)
    streaming.stream_start(stream=scheduled, by=scheduled.creator)

    def queries() -> int:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as fan_out, committed():
            services.notify_stream_started(stream_id=scheduled.pk)
        return len(fan_out.captured_queries)

    few = queries()
    for _ in range(20):
        follower_of(scheduled.creator)
    assert queries() == few
    assert Notification.objects.count() == 23


def test_a_reminded_follower_hears_once_that_the_stream_is_starting(scheduled, follower_of, committed):
    both, follower = follower_of(scheduled.creator), follower_of(scheduled.creator)
    reminded = UserFactory()
    for user in (both, reminded):
        services.reminder_create(user=user, stream=scheduled)
    with committed():
        streaming.stream_start(stream=scheduled, by=scheduled.creator)
    assert kinds_of(both) == [Kind.STREAM_STARTING]
    assert kinds_of(reminded) == [Kind.STREAM_STARTING]
    assert kinds_of(follower) == [Kind.FOLLOWED_LIVE]
    assert not StreamReminder.objects.filter(notified_at=None).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in (both, reminded, follower))


def test_in_app_off_stores_nothing_and_email_on_sends_through_the_task(scheduled, follower_of, committed):
    emailed, silent, no_address = (follower_of(scheduled.creator) for _ in range(3))
    no_address.email = ""
    no_address.save(update_fields=["email"])
    services.preferences_update(user=emailed, changes={Kind.FOLLOWED_LIVE: {"in_app": False}})
    services.preferences_update(user=silent, changes={Kind.FOLLOWED_LIVE: {"in_app": False, "email": False}})
    with committed():
        streaming.stream_start(stream=scheduled, by=scheduled.creator)
    assert kinds_of(emailed) == kinds_of(silent) == []
    assert kinds_of(no_address) == [Kind.FOLLOWED_LIVE]
    assert [m.to for m in mail.outbox] == [[emailed.email]]
    assert "is live" in mail.outbox[0].subject
    assert f"/streams/{scheduled.pk}/" in mail.outbox[0].body
    assert "/notifications/preferences/" in mail.outbox[0].body


@pytest.fixture
def catalog(db):
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def _fan(coins=10_000):
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=coins, reason="test", granted_by=UserFactory(is_staff=True))
    return fan


def test_a_gift_at_the_threshold_notifies_its_creator_and_a_smaller_one_does_not(catalog, committed, settings):
    settings.NOTIFY_GIFT_MIN_COINS = 100
    stream, fan = LiveStreamFactory(), _fan()
    with committed():
        gifting.gift_send(stream=stream, sender=fan, gift_id=Gift.objects.get(name="Crown").pk)  # 50
        gifting.gift_send(stream=stream, sender=fan, gift_id=Gift.objects.get(name="Mansion").pk)  # 100
        gifting.gift_send(
            stream=stream, sender=fan, gift_id=Gift.objects.get(name="Rose").pk, quantity=100, is_anonymous=True
        )
    named, anonymous = Notification.objects.filter(recipient=stream.creator, kind=Kind.GIFT).order_by("id")
    assert named.actor == fan
    assert named.title == f"{fan.public_name} sent you Mansion"
    assert anonymous.actor is None
    assert anonymous.title == "Someone sent you 100× Rose"
    assert mail.outbox == []  # gifts are not emailed unless asked for


def test_a_pk_invitation_notifies_the_invited_host(catalog, committed):
    host, rival = UserFactory(), UserFactory()
    LiveStreamFactory(creator=host)
    rival_stream = LiveStreamFactory(creator=rival)
    with committed():
        battle = pk.battle_invite(host=host, opponents=[rival])
    notification = Notification.objects.get(recipient=rival)
    assert notification.kind == Kind.PK_INVITATION
    assert notification.url == f"/streams/{rival_stream.pk}/studio/"
    assert notification.source_key == f"battle.invited:{battle.pk}"
    assert kinds_of(host) == []


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_verification_decision_notifies_the_user(decision, committed):
    user, staff = UserFactory(), UserFactory(is_staff=True)
    make_verifiable(user)
    request = accounts.verification_request_create(
        user=user, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED")
    )
    with committed():
        if decision == "approve":
            accounts.verification_request_approve(request=request, reviewer=staff)
        else:
            accounts.verification_request_reject(request=request, reviewer=staff, reason="The photo is blurred.")
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Kind.VERIFICATION
    expected = "You are now Basic verified" if decision == "approve" else "not approved"
    assert expected in notification.title
    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.parametrize(("outcome", "words"), [("paid", "was paid"), ("failed", "failed")])
def test_a_payout_paid_or_failed_notifies_its_creator(outcome, words, committed, settings):
    settings.WALLET_EARNINGS_HOLD_DAYS = 0
    settings.WALLET_SANDBOX_PAYOUT_OUTCOME = outcome
    staff, creator = UserFactory(is_staff=True), UserFactory()
    accounts.verification_tier_grant(user=creator, tier="BASIC_VERIFIED", granted_by=staff, reason="test")
    wallet.wallet_spend(payer=_fan(2000), amount=2000, recipient=creator, kind="gift")
    payout = wallet.payout_request(user=creator, coins=1000)
    with committed():
        wallet.payout_process(payout_id=payout.pk)
    notification = Notification.objects.get(recipient=creator, kind=Kind.PAYOUT)
    assert words in notification.title
    assert notification.url == "/wallet/"


def test_a_challenge_notifies_the_challenged_player(committed):
    challenger, rival = UserFactory(), UserFactory()
    with committed():
        challenge = challenges.challenge_create(
            challenger=challenger, opponent=rival, game_type="1V1", best_of=3, stake=0, message="Bring it"
        )
    notification = Notification.objects.get(recipient=rival)
    assert notification.kind == Kind.CHALLENGE
    assert notification.url == "/challenges/"
    assert notification.source_key == f"challenge.received:{challenge.pk}"
    assert "best of 3, a friendly. Bring it" in notification.body
    assert kinds_of(challenger) == []


def test_a_ready_tournament_match_notifies_both_players_once(committed):
    with committed():
        tournament, (s1, s2, s3, s4) = live_tournament(4)
    first, second = tournament.matches.get(code="W1-M1"), tournament.matches.get(code="W1-M2")
    assert kinds_of(s1) == kinds_of(s4) == [Kind.MATCH_READY]
    assert Notification.objects.get(recipient=s1).url == f"/tournaments/{tournament.pk}/matches/{first.pk}/"
    with committed():
        for match, winner, loser in ((first, s1, s4), (second, s2, s3)):
            matches.match_report(match=match, reporter=winner, games=[[11, 3]])
            matches.match_report(match=match, reporter=loser, games=[[3, 11]])
    assert kinds_of(s1) == kinds_of(s2) == [Kind.MATCH_READY, Kind.MATCH_READY]  # the final is ready
    assert kinds_of(s4) == [Kind.MATCH_READY]
    final = Notification.objects.filter(recipient=s1).order_by("pk").last()
    assert final.title == f"Your match against {s2.public_name} is ready"


def test_a_match_decided_before_its_news_goes_out_is_not_announced(committed):
    with committed():
        tournament, (s1, *_rest, s4) = live_tournament(4)
        first = tournament.matches.get(code="W1-M1")
        matches.match_report(match=first, reporter=s1, games=[[11, 3]])
        matches.match_report(match=first, reporter=s4, games=[[3, 11]])
    assert kinds_of(s1) == kinds_of(s4) == []


def test_a_round_robins_matches_are_not_announced_one_by_one(committed):
    with committed():
        tournament, players = live_tournament(4, format="ROUND_ROBIN")
    assert tournament.matches.filter(status="ready").count() == 6
    assert Notification.objects.filter(recipient__in=players).count() == 0
