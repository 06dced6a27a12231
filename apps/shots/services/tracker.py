"""placeholder: S's shot_record / shot_undo_last (no rules, no frames) until t19-shots lands."""

from django.db import transaction
from django.utils import timezone

from apps.shots.domain_events import SHOT_RECORDED, SHOT_UNDONE
from apps.shots.models import Shot, ShotType


@transaction.atomic
def shot_record(*, stream, by, shot_type: str, made: bool, x=None, y=None) -> Shot:
    shot = Shot.objects.create(
        stream=stream, shooter=stream.creator, shot_type=ShotType.objects.get(code=shot_type), made=made, x=x, y=y
    )
    SHOT_RECORDED.publish(
        shot_id=shot.pk,
        stream_id=str(stream.pk),
        shooter_id=stream.creator_id,
        shot_type=shot_type,
        made=made,
        streak=0,
    )
    return shot


@transaction.atomic
def shot_undo_last(*, stream, by) -> Shot:
    shot = Shot.objects.filter(stream=stream, undone_at=None).latest("id")
    shot.undone_at = timezone.now()
    shot.save(update_fields=["undone_at"])
    SHOT_UNDONE.publish(shot_id=shot.pk, stream_id=str(stream.pk))
    return shot
