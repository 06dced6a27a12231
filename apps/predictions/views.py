"""The points chip beside the chat, the prediction card on the watch page and the studio's
prediction panel: htmx swaps each in place, a plain form post comes back to its page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.core.bounds import parse_id
from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors, partial_or_redirect
from apps.predictions import events, rules, selectors
from apps.predictions.forms import PredictionOpenForm, StakeForm
from apps.predictions.models import Prediction
from apps.predictions.services import points, predictions
from apps.restrictions.rules import is_channel_moderator
from apps.streaming.shortcuts import visible_stream_or_404


def points_context(stream, user, *, error: ApplicationError | None = None) -> dict:
    context = {"stream": stream, "points_error": error}
    if user.is_authenticated:
        context["points"] = selectors.points_state(user=user, channel=stream.creator)
        context["points_payload"] = events.points_payload(context["points"])
        context["claim_problem"] = rules.claim_problem(stream, user, last_claimed_at=context["points"].last_claimed_at)
    return context


def panel_context(stream, user, *, form: StakeForm | None = None, error: ApplicationError | None = None) -> dict:
    prediction = selectors.current_prediction(stream)
    state = events.prediction_payload(prediction) if prediction else None
    stake = selectors.my_stake(prediction, user) if prediction else None
    return {
        "stream": stream,
        "prediction": prediction,
        "state": state,
        "stake": stake,
        "can_stake": prediction is not None and rules.stake_problem(prediction, user) is None,
        "stake_form": form,
        "stake_error": error,
    }


def studio_context(stream, user, *, form: PredictionOpenForm | None = None, error=None) -> dict:
    context = panel_context(stream, user)
    return context | {"open_form": form or PredictionOpenForm(), "studio_error": error}


def _stream(request, stream_id):
    return visible_stream_or_404(request, stream_id)


@require_POST
@login_required
def claim(request, stream_id):
    stream = _stream(request, stream_id)
    error = None
    try:
        claimed = points.points_claim(stream=stream, user=request.user)
    except ApplicationError as exc:
        error = exc
    return partial_or_redirect(
        request,
        "predictions/_points.html",
        lambda: points_context(stream, request.user, error=error),
        to=reverse("streaming:watch", args=[stream.pk]),
        done="" if error else f"+{claimed} points",
        errors=[error.detail] if error else [],
    )


@require_GET
def panel(request, stream_id):
    stream = _stream(request, stream_id)
    return render(request, "predictions/_panel.html", panel_context(stream, request.user))


def _prediction_or_404(request, prediction_id) -> Prediction:
    prediction = Prediction.objects.select_related("stream").filter(pk=prediction_id).first()
    if prediction is None:
        raise Http404("No such prediction.")
    visible_stream_or_404(request, prediction.stream_id)
    return prediction


@require_POST
@login_required
def stake(request, prediction_id):
    stream = _prediction_or_404(request, prediction_id).stream
    form, error = StakeForm(request.POST), None
    if form.is_valid():
        try:
            predictions.prediction_stake(prediction_id=prediction_id, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc
            add_service_error(form, exc)
    return partial_or_redirect(
        request,
        "predictions/_panel.html",
        lambda: panel_context(stream, request.user, form=form, error=error),
        to=reverse("streaming:watch", args=[stream.pk]),
        errors=form_errors(form),
    )


def _studio_answer(request, stream, *, form=None, error=None, done=""):
    return partial_or_redirect(
        request,
        "predictions/_studio.html",
        lambda: studio_context(stream, request.user, form=form, error=error),
        to=reverse("streaming:studio", args=[stream.pk]) + "#prediction-studio",
        done=done,
        errors=[error.detail] if error else form_errors(form) if form else [],
    )


def _team_stream(request, stream_id):
    stream = _stream(request, stream_id)
    if not is_channel_moderator(request.user, stream.creator_id):
        raise Http404("No such stream.")
    return stream


@require_GET
@login_required
def studio(request, stream_id):
    stream = _team_stream(request, stream_id)
    return render(request, "predictions/_studio.html", studio_context(stream, request.user))


@require_POST
@login_required
def open_prediction(request, stream_id):
    stream = _team_stream(request, stream_id)
    form = PredictionOpenForm(request.POST)
    if form.is_valid():
        try:
            predictions.prediction_open(stream=stream, by=request.user, **form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return _studio_answer(request, stream, done="Prediction open.")
    return _studio_answer(request, stream, form=form)


# The studio's settling buttons and what each says when it is done.
ACTIONS = {
    "lock": "Locked.",
    "resolve": "Resolved: the winners are paid.",
    "cancel": "Cancelled: every stake refunded.",
}


def _act(action: str, prediction_id, by, data) -> None:
    if action == "resolve":
        predictions.prediction_resolve(prediction_id=prediction_id, by=by, outcome_id=parse_id(data.get("outcome_id")))
    elif action == "lock":
        predictions.prediction_lock(prediction_id=prediction_id, by=by)
    else:
        predictions.prediction_cancel(prediction_id=prediction_id, by=by)


@require_POST
@login_required
def settle(request, prediction_id, action):
    stream = _team_stream(request, _prediction_or_404(request, prediction_id).stream_id)
    try:
        _act(action, prediction_id, request.user, request.POST)
    except ApplicationError as exc:
        return _studio_answer(request, stream, error=exc)
    return _studio_answer(request, stream, done=ACTIONS[action])
