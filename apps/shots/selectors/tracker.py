"""Reads of the shot tracker: a stream's numbers (the ST frame, the overlay, the API, the stream's
summary), its make streak and a shooter's career. Undone shots count nowhere."""

from django.db.models import Count, FilteredRelation, Max, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.shots.models import Shot, ShotChallenge, ShotType


def percentage(made: int, attempts: int) -> int | None:
    """Whole percent, or None before the first attempt."""
    return round(100 * made / attempts) if attempts else None


def _types_with_counts(*, shooter_id, stream_id=None):
    """Active shot types (and retired ones this shooter has shots of), each with the shooter's career
    `career_made`/`career_att` and, for `stream_id`, `made`/`att` there: one query on the
    (shooter, shot_type) index."""
    counted = Q(mine__made=True)
    types = ShotType.objects.annotate(
        mine=FilteredRelation("shots", condition=Q(shots__shooter_id=shooter_id, shots__undone_at__isnull=True)),
    ).annotate(career_made=Count("mine", filter=counted), career_att=Count("mine"))
    if stream_id is not None:
        here = Q(mine__stream_id=stream_id)
        types = types.annotate(made=Count("mine", filter=here & counted), att=Count("mine", filter=here))
    return [t for t in types.order_by("order", "id") if t.active or t.career_att]


def _counted(stream) -> QuerySet[Shot]:
    return Shot.objects.filter(stream_id=stream.pk, undone_at__isnull=True)


def make_streak(stream) -> int:
    """Makes in a row since the stream's last counted miss."""
    return _streak_and_version(stream)["streak"]


def _streak_and_version(stream) -> dict:
    """The make streak, and `v`: the last moment a shot was recorded or undone (ms), which orders
    ST frames, in one query."""
    last_miss = _counted(stream).filter(made=False).order_by("-id").values("id")[:1]
    numbers = Shot.objects.filter(stream_id=stream.pk).aggregate(
        streak=Count("id", filter=Q(undone_at__isnull=True, made=True, id__gt=Coalesce(Subquery(last_miss), 0))),
        recorded=Max("created_at"),
        undone=Max("undone_at"),
    )
    moments = [m for m in (numbers["recorded"], numbers["undone"]) if m is not None]
    return {"streak": numbers["streak"], "v": int(max(moments).timestamp() * 1000) if moments else 0}


def shot_summary(stream) -> dict:
    """The stream's shooting: per type its makes, attempts and percentage beside the creator's career
    percentage for that type (all their counted shots, this stream's included); the make streak;
    totals; the last counted shot. Four queries."""
    types = _types_with_counts(shooter_id=stream.creator_id, stream_id=stream.pk)
    last = _counted(stream).order_by("-id").values("id", "made", "shot_type__code").first()
    made, attempts = sum(t.made for t in types), sum(t.att for t in types)
    return {
        **_streak_and_version(stream),
        "types": [
            {
                "code": t.code,
                "short": t.short_name,
                "name": t.name,
                "made": t.made,
                "att": t.att,
                "pct": percentage(t.made, t.att),
                "career": percentage(t.career_made, t.career_att),
            }
            for t in types
        ],
        "made": made,
        "att": attempts,
        "pct": percentage(made, attempts),
        "last": {"type": last["shot_type__code"], "made": last["made"], "id": last["id"]} if last else None,
    }


def career_shooting(user) -> dict:
    """A shooter's career over every stream: per type (those they have attempted) and in total."""
    return career_of(user.pk)


def career_of(shooter_id: int) -> dict:
    types = [t for t in _types_with_counts(shooter_id=shooter_id) if t.career_att]
    made, attempts = sum(t.career_made for t in types), sum(t.career_att for t in types)
    return {
        "types": [
            {
                "code": t.code,
                "short": t.short_name,
                "name": t.name,
                "made": t.career_made,
                "att": t.career_att,
                "pct": percentage(t.career_made, t.career_att),
            }
            for t in types
        ],
        "made": made,
        "att": attempts,
        "pct": percentage(made, attempts),
    }


def shot_type_by_code(code: str) -> ShotType | None:
    return ShotType.objects.filter(code=code, active=True).first()


def active_shot_types():
    return ShotType.objects.filter(active=True)


def last_counted_shot(stream) -> Shot | None:
    return _counted(stream).order_by("-id").first()


def settled_a_challenge(shot: Shot) -> bool:
    return ShotChallenge.objects.filter(shot=shot).exists()
