"""Celery tasks of notifications: the lower apps' events, each handled once per source (a retry
finds its notifications stored), and the emails."""

from celery import shared_task
from django.conf import settings

from apps.notifications import services
from apps.wallet.models import PayoutStatus


@shared_task(name="notifications.stream_started")
def stream_started_task(*, stream_id, creator_id) -> int:
    return services.notify_stream_started(stream_id=stream_id)


@shared_task(name="notifications.gift_sent")
def gift_sent_task(*, gift_send_id, stream_id, sender_id, recipient_id, coins) -> int:
    if coins < settings.NOTIFY_GIFT_MIN_COINS:  # most gifts: nothing to read
        return 0
    return services.notify_gift(gift_send_id=gift_send_id)


@shared_task(name="notifications.battle_invited")
def battle_invited_task(*, battle_id) -> int:
    return services.notify_battle_invited(battle_id=battle_id)


@shared_task(name="notifications.challenge_received")
def challenge_received_task(*, challenge_id) -> int:
    return services.notify_challenge_received(challenge_id=challenge_id)


@shared_task(name="notifications.match_ready")
def match_ready_task(*, match_id) -> int:
    return services.notify_match_ready(match_id=match_id)


@shared_task(name="notifications.verification_decided")
def verification_decided_task(*, request_id, user_id, status) -> int:
    return services.notify_verification_decided(request_id=request_id)


@shared_task(name="notifications.payout_paid")
def payout_paid_task(*, payout_id, user_id) -> int:
    return services.notify_payout(payout_id=payout_id, outcome=PayoutStatus.PAID)


@shared_task(name="notifications.payout_failed")
def payout_failed_task(*, payout_id, user_id) -> int:
    return services.notify_payout(payout_id=payout_id, outcome=PayoutStatus.FAILED)


@shared_task(name="notifications.send_email")
def send_email_task(*, recipient_ids, source_key, subject, body, url) -> int:
    return services.email_send(recipient_ids=recipient_ids, source_key=source_key, subject=subject, body=body, url=url)


@shared_task(name="notifications.report_received")
def report_received_task(*, report_id) -> int:
    return services.notify_report_received(report_id=report_id)


@shared_task(name="notifications.report_resolved")
def report_resolved_task(*, report_ids) -> int:
    return services.notify_reports_resolved(report_ids=report_ids)


@shared_task(name="notifications.appeal_decided")
def appeal_decided_task(*, appeal_id) -> int:
    return services.notify_appeal_decided(appeal_id=appeal_id)
