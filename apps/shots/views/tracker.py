"""The scorekeeper page (`/streams/<id>/scorekeeper/`): big made/missed buttons per shot type, the
spot on a half-court diagram, Undo last and the stream's numbers. Plain forms; htmx swaps the live
part in place. Anyone but the channel's team gets the same 404 as for a missing stream."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.htmx import form_errors, partial_or_redirect
from apps.shots.errors import NotScorekeeper
from apps.shots.forms import ShotForm
from apps.shots.models import COURT_SCALE
from apps.shots.rules import scorekeep_problem
from apps.shots.selectors.tracker import active_shot_types, shot_summary
from apps.shots.services.tracker import shot_record, shot_undo_last
from apps.streaming.shortcuts import visible_stream_or_404

LIVE_PARTIAL = "shots/_scorekeeper_live.html"


def _keepers_stream(request, stream_id):
    stream = visible_stream_or_404(request, stream_id)
    if isinstance(scorekeep_problem(stream, request.user), NotScorekeeper):
        raise Http404("No such stream.")
    return stream


def live_context(request, stream, *, errors=(), done: str = "") -> dict:
    return {
        "stream": stream,
        "stats": shot_summary(stream),
        "types": active_shot_types(),
        "problem": scorekeep_problem(stream, request.user),
        "errors": errors,
        "done": done,
        "court_scale": COURT_SCALE,
    }


@login_required
def scorekeeper(request, stream_id):
    stream = _keepers_stream(request, stream_id)
    return render(request, "shots/scorekeeper.html", live_context(request, stream))


def _answer(request, stream, *, errors=(), done: str = ""):
    return partial_or_redirect(
        request,
        LIVE_PARTIAL,
        lambda: live_context(request, stream, errors=errors, done=done),
        to=reverse("shots:scorekeeper", args=[stream.pk]),
        done=done,
        errors=errors,
    )


@require_POST
@login_required
def record(request, stream_id):
    stream = _keepers_stream(request, stream_id)
    form = ShotForm(request.POST)
    if not form.is_valid():
        return _answer(request, stream, errors=form_errors(form))
    data = form.cleaned_data
    try:
        shot = shot_record(
            stream=stream, by=request.user, shot_type=data["type"], made=data["made"], x=data["x"], y=data["y"]
        )
    except ApplicationError as exc:
        return _answer(request, stream, errors=[exc.detail])
    return _answer(request, stream, done=f"{shot.shot_type.name}: {'made' if shot.made else 'missed'}.")


@require_POST
@login_required
def undo(request, stream_id):
    stream = _keepers_stream(request, stream_id)
    try:
        shot = shot_undo_last(stream=stream, by=request.user)
    except ApplicationError as exc:
        return _answer(request, stream, errors=[exc.detail])
    return _answer(request, stream, done=f"Undone: {shot.shot_type.name} {'made' if shot.made else 'missed'}.")
