"""Recording shots (stand-in for the tracker's own service)."""

from django.db import transaction

from apps.shots import rules
from apps.shots.errors import ShotInvalid
from apps.shots.models import Shot, ShotType


@transaction.atomic
def shot_record(*, stream, by, shot_type: str, made: bool, x=None, y=None) -> Shot:
    if problem := rules.scorekeep_problem(stream, by):
        raise problem
    kind = ShotType.objects.filter(code=shot_type, active=True).first() if isinstance(shot_type, str) else None
    if kind is None:
        raise ShotInvalid("That kind of shot is not tracked.", field="type")
    return Shot.objects.create(
        stream=stream, shooter_id=stream.creator_id, shot_type=kind, made=made, x=x, y=y, recorded_by=by
    )
