"""Opening, staking on, locking and settling predictions. Stakes sit in the channel's points
escrow until settlement pays every point of the pool back out: to the winners in proportion to
their stakes (apps.predictions.settlement), or to everyone as staked (cancelled, or no winner)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from apps.core.bounds import is_id, text_limit
from apps.predictions import events, rules
from apps.predictions.errors import (
    OutcomeInvalid,
    PredictionClosed,
    PredictionExists,
    PredictionInvalid,
    PredictionNotFound,
    StakeInvalid,
)
from apps.predictions.models import (
    PREDICTION_MAX_OUTCOMES,
    PREDICTION_MAX_WINDOW_SECONDS,
    PREDICTION_MIN_OUTCOMES,
    PREDICTION_MIN_WINDOW_SECONDS,
    PREDICTION_UNRESOLVED_HOURS,
    SHOT_PREDICTION_MAX_ATTEMPTS,
    UNSETTLED_STATUSES,
    Outcome,
    Prediction,
    PredictionStatus,
    Stake,
)
from apps.predictions.settlement import share_pool
from apps.shots.models import Shot, ShotType
from apps.wallet.services import points_award, points_refund, points_stake

SHOT_OUTCOMES = ("Yes", "No")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_title(title, *, model, field: str, error, what: str) -> str:
    limit = text_limit(model, field)
    title = title.strip() if isinstance(title, str) else ""
    if not title or len(title) > limit:
        raise error(f"{what} needs 1 to {limit} characters.", field=field)
    return title


def _clean_outcomes(outcomes) -> list[str]:
    if not isinstance(outcomes, list | tuple) or not (
        PREDICTION_MIN_OUTCOMES <= len(outcomes) <= PREDICTION_MAX_OUTCOMES
    ):
        raise PredictionInvalid(
            f"A prediction has {PREDICTION_MIN_OUTCOMES} to {PREDICTION_MAX_OUTCOMES} outcomes.", field="outcomes"
        )
    titles = [
        _clean_title(title, model=Outcome, field="title", error=PredictionInvalid, what="Each outcome")
        for title in outcomes
    ]
    if len({title.casefold() for title in titles}) != len(titles):
        raise PredictionInvalid("Each outcome must differ from the others.", field="outcomes")
    return titles


def _clean_shot(shot) -> tuple[ShotType, int, int]:
    """`shot`: {"type": a shot type's code, "makes": K, "attempts": N}."""
    if not isinstance(shot, dict):
        raise PredictionInvalid("A shot condition has a type, makes and attempts.", field="shot")
    shot_type = ShotType.objects.filter(code=shot.get("type"), active=True).first()
    if shot_type is None:
        raise PredictionInvalid("Unknown shot type.", field="shot")
    makes, attempts = shot.get("makes"), shot.get("attempts")
    if not (_is_int(makes) and _is_int(attempts) and 1 <= makes <= attempts <= SHOT_PREDICTION_MAX_ATTEMPTS):
        raise PredictionInvalid(f"Makes K of the next N: 1 <= K <= N <= {SHOT_PREDICTION_MAX_ATTEMPTS}.", field="shot")
    return shot_type, makes, attempts


@transaction.atomic
def prediction_open(*, stream, by, title: str = "", outcomes=(), window_seconds, shot=None) -> Prediction:
    """Open a prediction on a live stream. With `shot` ({"type", "makes", "attempts"}) it asks
    "Makes K of the next N <type>?", its outcomes are Yes and No, and it resolves from the tracker."""
    if problem := rules.open_problem(stream, by):
        raise problem
    if shot is not None:
        shot_type, makes, attempts = _clean_shot(shot)
        title = title or f"Makes {makes} of the next {attempts} {shot_type.short_name}?"
        outcomes = list(SHOT_OUTCOMES)
    else:
        shot_type = makes = attempts = None
    title = _clean_title(title, model=Prediction, field="title", error=PredictionInvalid, what="The question")
    outcomes = _clean_outcomes(outcomes)
    if not (
        _is_int(window_seconds) and PREDICTION_MIN_WINDOW_SECONDS <= window_seconds <= PREDICTION_MAX_WINDOW_SECONDS
    ):
        raise PredictionInvalid(
            f"The window is {PREDICTION_MIN_WINDOW_SECONDS} to {PREDICTION_MAX_WINDOW_SECONDS} seconds.",
            field="window_seconds",
        )
    if Prediction.objects.filter(stream=stream, status__in=UNSETTLED_STATUSES).exists():
        raise PredictionExists("This stream has a prediction that is not settled yet.")
    now = timezone.now()
    try:
        with transaction.atomic():
            prediction = Prediction.objects.create(
                stream=stream,
                channel_id=stream.creator_id,
                opened_by=by,
                title=title,
                window_seconds=window_seconds,
                opened_at=now,
                closes_at=now + timedelta(seconds=window_seconds),
                shot_type=shot_type,
                shot_makes=makes,
                shot_attempts=attempts,
                shot_after_id=Shot.objects.filter(stream=stream).aggregate(last=Max("id"))["last"] or 0,
            )
    except IntegrityError:  # opened concurrently
        raise PredictionExists("This stream has a prediction that is not settled yet.") from None
    Outcome.objects.bulk_create(
        Outcome(prediction=prediction, title=outcome, position=position) for position, outcome in enumerate(outcomes)
    )
    events.send_prediction(prediction.pk)
    return prediction


def _locked(prediction_id) -> Prediction:
    prediction = Prediction.objects.select_for_update().select_related("stream", "channel").filter(pk=prediction_id)
    if (found := prediction.first()) is None:
        raise PredictionNotFound("No such prediction.")
    return found


@transaction.atomic
def prediction_stake(*, prediction_id, user, outcome_id, points) -> Stake:
    """Stake `points` on one outcome (more on the same one adds to the stake; never a second one)."""
    prediction = _locked(prediction_id)
    if problem := rules.stake_problem(prediction, user):
        raise problem
    if not _is_int(points) or points <= 0:
        raise StakeInvalid("Stake a whole number of points above zero.", field="points")
    outcome = prediction.outcomes.filter(pk=outcome_id).first() if is_id(outcome_id) else None
    if outcome is None:
        raise OutcomeInvalid("That is not one of this prediction's outcomes.", field="outcome_id")
    stake = Stake.objects.filter(prediction=prediction, user=user).first()
    if stake is not None and stake.outcome_id != outcome.pk:
        raise StakeInvalid(f"You predicted “{stake.outcome.title}”: add to it, not to another outcome.")
    # InsufficientPoints (the balance is short) rolls the whole stake back.
    points_stake(user=user, channel=prediction.channel, amount=points, reference=f"prediction:{prediction.pk}")
    if stake is None:
        stake = Stake.objects.create(
            prediction=prediction, outcome=outcome, user=user, points=points, created_at=timezone.now()
        )
    else:
        stake.points += points
        stake.save(update_fields=["points"])
    events.send_prediction(prediction.pk)
    events.send_points(stream_id=prediction.stream_id, user=user, channel=prediction.channel)
    return stake


def _lock(prediction: Prediction, at) -> None:
    prediction.status, prediction.locked_at = PredictionStatus.LOCKED, at
    prediction.save(update_fields=["status", "locked_at"])


@transaction.atomic
def prediction_lock(*, prediction_id, by) -> Prediction:
    """Stop taking stakes before the window ends."""
    prediction = _locked(prediction_id)
    if problem := rules.settle_problem(prediction, by):
        raise problem
    if prediction.status != PredictionStatus.OPEN:
        raise PredictionClosed("This prediction is locked already.")
    _lock(prediction, min(timezone.now(), prediction.closes_at))
    events.send_prediction(prediction.pk)
    return prediction


def _pay_back(prediction: Prediction, awards: dict[int, int], *, refund: bool) -> None:
    """Pay each stake its award (a refund or winnings) from the channel's escrow, and note it."""
    move = points_refund if refund else points_award
    stakes = list(prediction.stakes.select_related("user").order_by("created_at", "id"))
    for stake in stakes:
        if amount := awards.get(stake.pk, 0):
            move(
                user=stake.user,
                channel=prediction.channel,
                amount=amount,
                reference=f"prediction:{prediction.pk}",
                idempotency_key=f"prediction:{prediction.pk}:{'refund' if refund else 'award'}:{stake.user_id}",
            )
            stake.paid_out = amount
    Stake.objects.bulk_update(stakes, ["paid_out"])
    for stake in stakes:
        events.send_points(stream_id=prediction.stream_id, user=stake.user, channel=prediction.channel)


def _settle(prediction: Prediction, *, status: str, winner: Outcome | None) -> Prediction:
    stakes = list(prediction.stakes.order_by("created_at", "id").values_list("pk", "outcome_id", "points"))
    winning = [(pk, points) for pk, outcome_id, points in stakes if winner and outcome_id == winner.pk]
    if winning:
        _pay_back(prediction, share_pool(sum(points for _, _, points in stakes), winning), refund=False)
    else:  # cancelled, or nobody backed the winner: every stake back as it was
        _pay_back(prediction, {pk: points for pk, _, points in stakes}, refund=True)
    now = timezone.now()
    prediction.status, prediction.winner, prediction.settled_at = status, winner, now
    prediction.locked_at = prediction.locked_at or min(now, prediction.closes_at)
    prediction.save(update_fields=["status", "winner", "settled_at", "locked_at"])
    events.send_prediction(prediction.pk)
    return prediction


def _resolve(prediction: Prediction, outcome_id) -> Prediction:
    winner = prediction.outcomes.filter(pk=outcome_id).first() if is_id(outcome_id) else None
    if winner is None:
        raise OutcomeInvalid("That is not one of this prediction's outcomes.", field="outcome_id")
    return _settle(prediction, status=PredictionStatus.RESOLVED, winner=winner)


@transaction.atomic
def prediction_resolve(*, prediction_id, by, outcome_id) -> Prediction:
    """`outcome_id` happened: its backers share the whole pool (no backers: everyone refunded)."""
    prediction = _locked(prediction_id)
    if problem := rules.settle_problem(prediction, by):
        raise problem
    return _resolve(prediction, outcome_id)


@transaction.atomic
def prediction_cancel(*, prediction_id, by) -> Prediction:
    """Call it off: every stake refunded."""
    prediction = _locked(prediction_id)
    if problem := rules.settle_problem(prediction, by):
        raise problem
    return _settle(prediction, status=PredictionStatus.CANCELLED, winner=None)


def predictions_settle_due() -> tuple[int, int]:
    """The beat task's round: lock the predictions whose window ended, and cancel (refunding) those
    left unresolved PREDICTION_UNRESOLVED_HOURS after locking. Returns (locked, cancelled)."""
    now = timezone.now()
    due = Prediction.objects.filter(status=PredictionStatus.OPEN, closes_at__lte=now).values_list("pk", flat=True)
    locked = sum(_lock_due(pk) for pk in due)
    stale = now - timedelta(hours=PREDICTION_UNRESOLVED_HOURS)
    expired = Prediction.objects.filter(status=PredictionStatus.LOCKED, locked_at__lte=stale).values_list(
        "pk", flat=True
    )
    return locked, sum(_expire(pk) for pk in expired)


@transaction.atomic
def _lock_due(prediction_id) -> bool:
    prediction = _locked(prediction_id)
    if prediction.status != PredictionStatus.OPEN or rules.takes_stakes(prediction):
        return False
    _lock(prediction, prediction.closes_at)
    events.send_prediction(prediction.pk)
    return True


@transaction.atomic
def _expire(prediction_id) -> bool:
    prediction = _locked(prediction_id)
    stale = timezone.now() - timedelta(hours=PREDICTION_UNRESOLVED_HOURS)
    if prediction.status != PredictionStatus.LOCKED or prediction.locked_at > stale:
        return False
    _settle(prediction, status=PredictionStatus.CANCELLED, winner=None)
    return True


@transaction.atomic
def shot_predictions_check(*, stream_id) -> Prediction | None:
    """A shot was recorded on the stream: resolve its shot prediction once the answer is certain
    (K makes reached, or too many misses for K), at the latest on the N-th attempt of the type
    since it opened. Undone shots do not count. Returns the prediction it resolved, if any."""
    pk = (
        Prediction.objects.filter(stream_id=stream_id, status__in=UNSETTLED_STATUSES, shot_type__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        return None
    prediction = _locked(pk)
    if prediction.status not in UNSETTLED_STATUSES:
        return None
    attempts = list(
        Shot.objects.filter(
            stream_id=stream_id, shot_type_id=prediction.shot_type_id, id__gt=prediction.shot_after_id, undone_at=None
        )
        .order_by("id")
        .values_list("made", flat=True)[: prediction.shot_attempts]
    )
    made, missed = sum(attempts), len(attempts) - sum(attempts)
    if made >= prediction.shot_makes:
        answer = SHOT_OUTCOMES[0]
    elif missed > prediction.shot_attempts - prediction.shot_makes:
        answer = SHOT_OUTCOMES[1]
    else:
        return None
    return _resolve(prediction, prediction.outcomes.get(title=answer).pk)
