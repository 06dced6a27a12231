"""Celery tasks of PK battles: thin, idempotent, and never trusting their own timing."""

from celery import shared_task
from django.utils import timezone

from apps.pk import services
from apps.pk.models import Battle


@shared_task(bind=True, name="pk.battle_end")
def battle_end_task(self, battle_id: int) -> None:
    """Queued for the battle's deadline (apps.core.scheduling). Run early (a worker whose clock is
    ahead, or at once in tests), it looks at the deadline again and, with a broker, queues itself
    for it; the beat watchdog and the clients' nudges (services.battle_end_if_due) back it up."""
    battle = Battle.objects.filter(pk=battle_id).first()
    if battle is None or battle.deadline is None:
        return
    if timezone.now() < battle.deadline:
        if not (self.request.is_eager or self.app.conf.task_always_eager):
            self.apply_async((battle_id,), eta=battle.deadline)
        return
    services.battle_end(battle=battle)


@shared_task(name="pk.end_overdue_battles")
def end_overdue_battles_task() -> int:
    return services.battles_end_overdue()


@shared_task(name="pk.battle_score_publish")
def battle_score_publish_task(battle_id: int) -> None:
    services.battle_score_publish(battle_id=battle_id)
