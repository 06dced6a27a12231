"""The moderation app's tasks: thin, idempotent (an extra MQ only makes a desk look again)."""

from celery import shared_task

from apps.moderation.desk_queues import VERIFICATION
from apps.restrictions.desk import Op, announce


@shared_task(name="moderation.verification_requested")
def verification_requested_task(*, request_id, user_id) -> None:
    announce(VERIFICATION, request_id, Op.ADD)


@shared_task(name="moderation.verification_decided")
def verification_decided_task(*, request_id, user_id, status) -> None:
    announce(VERIFICATION, request_id, Op.REMOVE)
