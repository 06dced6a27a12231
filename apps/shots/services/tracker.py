"""The shot tracker's writes: record a shot, undo the last one. Each keeps the creator's career
numbers on their athlete profile and tells the stream (ST, and ML on a make streak) and higher apps
(shot.recorded, shot.undone) after the commit."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import AthleteProfile
from apps.shots import events
from apps.shots.domain_events import SHOT_RECORDED, SHOT_UNDONE
from apps.shots.errors import InvalidSpot, NothingToUndo, ShotSettledChallenge, UnknownShotType
from apps.shots.models import COURT_SCALE, MAKE_STREAK_MILESTONES, Shot
from apps.shots.rules import scorekeep_problem
from apps.shots.selectors import tracker as selectors


def _check_spot(x, y) -> None:
    if (x is None) != (y is None):
        raise InvalidSpot("Give both coordinates of the spot, or neither.", field="x")
    for value in (x, y):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= COURT_SCALE
        ):
            raise InvalidSpot(f"A spot's coordinates are whole numbers from 0 to {COURT_SCALE}.", field="x")


def _keeper_locked(stream, by) -> AthleteProfile:
    """Lock the creator's profile (their career numbers), which orders every write to their shots,
    then ask the rule against the stream's status as it is now."""
    profile, _ = AthleteProfile.objects.select_for_update().get_or_create(user_id=stream.creator_id)
    stream.refresh_from_db(fields=["status"])
    if problem := scorekeep_problem(stream, by):
        raise problem
    return profile


def _career_write(profile: AthleteProfile) -> None:
    career = selectors.career_of(profile.user_id)
    made, attempts = career["made"], career["att"]
    profile.career_shooting_percentage = (
        (Decimal(100 * made) / attempts).quantize(Decimal("0.01")) if attempts else None
    )
    profile.career_shooting_by_type = {
        t["code"]: {"name": t["name"], "short": t["short"], "made": t["made"], "att": t["att"], "pct": t["pct"]}
        for t in career["types"]
    }
    profile.save(update_fields=["career_shooting_percentage", "career_shooting_by_type"])


@transaction.atomic
def shot_record(*, stream, by, shot_type: str, made: bool, x=None, y=None) -> Shot:
    """Record an attempt by the stream's creator. `shot_type` is a ShotType code; `x`, `y` the spot on
    the half-court diagram (0..COURT_SCALE), both or neither. Paid challenges call this inside their
    own transaction."""
    profile = _keeper_locked(stream, by)
    kind = selectors.shot_type_by_code(str(shot_type))
    if kind is None:
        raise UnknownShotType("No such shot type.", field="type")
    _check_spot(x, y)
    shot = Shot.objects.create(
        stream=stream, shooter_id=stream.creator_id, shot_type=kind, made=bool(made), x=x, y=y, recorded_by=by
    )
    _career_write(profile)
    streak = events.send_stats(stream)["streak"]
    if shot.made and streak in MAKE_STREAK_MILESTONES:
        events.send_make_streak(stream, streak)
    SHOT_RECORDED.publish(
        shot_id=shot.pk,
        stream_id=str(stream.pk),
        shooter_id=shot.shooter_id,
        shot_type=kind.code,
        made=shot.made,
        streak=streak,
    )
    return shot


@transaction.atomic
def shot_undo_last(*, stream, by) -> Shot:
    """Take back the stream's last counted shot (the row stays, marked undone). A shot that settled a
    paid challenge stands: its coins have moved."""
    profile = _keeper_locked(stream, by)
    shot = selectors.last_counted_shot(stream)
    if shot is None:
        raise NothingToUndo("There is no shot to undo on this stream.")
    if selectors.settled_a_challenge(shot):
        raise ShotSettledChallenge("That shot settled a paid challenge; it cannot be undone.")
    shot.undone_at = timezone.now()
    shot.save(update_fields=["undone_at"])
    _career_write(profile)
    events.send_stats(stream)
    SHOT_UNDONE.publish(shot_id=shot.pk, stream_id=str(stream.pk))
    return shot
