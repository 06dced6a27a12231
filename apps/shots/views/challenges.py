"""Shot-challenge pages: a viewer's challenge form on the watch page, and the studio's queue (accept,
decline, made or missed) and terms. Thin: the rules live in apps.shots.services.challenges, which the
JSON API calls too. The parts are drawn by apps/shots/templatetags/shot_challenges.py with the
context builders below; what changes meanwhile arrives as CH frames (static/js/shot-challenges.js)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors, partial_or_redirect
from apps.restrictions.rules import is_channel_moderator
from apps.shots import rules
from apps.shots.challenge_forms import AttemptForm, ChallengeForm, ChallengeSettingsForm
from apps.shots.errors import ShotChallengeInvalid
from apps.shots.models import ShotChallengeStatus
from apps.shots.selectors.challenges import challenge_detail, challenge_settings_for, open_challenges
from apps.shots.services import challenges as services
from apps.streaming.models import Stream
from apps.streaming.shortcuts import visible_stream_or_404

PANEL = "shots/challenges/_panel.html"
QUEUE = "shots/challenges/_queue.html"
# The queue's buttons for a challenge still waiting: the action, its label, its button style.
ANSWERS = (("accept", "Accept", "btn-primary"), ("decline", "Decline (refund)", "btn-ghost"))


def panel_context(request, stream: Stream, *, form: ChallengeForm | None = None, made=None) -> dict:
    """The watch page's part: the open challenges, and the form or why not."""
    terms = challenge_settings_for(stream.creator_id)
    return {
        "stream": stream,
        "challenges": open_challenges(stream=stream),
        "challenge_problem": rules.shot_challenge_problem(stream, request.user, terms=terms),
        "challenge_form": form or ChallengeForm(min_coins=terms.min_coins),
        "challenge_made": made,
        "challenge_statuses": dict(ShotChallengeStatus.choices),
    }


def queue_context(request, stream: Stream, *, settings_form=None, error: ApplicationError | None = None) -> dict:
    """The studio's part: the open challenges with their answers, and (for the creator) the terms."""
    return {
        "stream": stream,
        "challenges": open_challenges(stream=stream),
        "attempt_form": AttemptForm(),
        "answers": ANSWERS,
        "queue_error": error,
        "settings_form": settings_form
        or (
            ChallengeSettingsForm(instance=challenge_settings_for(stream.creator_id))
            if _is_creator(request, stream)
            else None
        ),
    }


def _is_creator(request, stream: Stream) -> bool:
    return request.user.is_authenticated and request.user.pk == stream.creator_id


def _team_stream_or_404(request, stream_id) -> Stream:
    stream = visible_stream_or_404(request, stream_id)
    if not is_channel_moderator(request.user, stream.creator_id):
        raise Http404("No such stream.")
    return stream


def _studio(stream: Stream) -> str:
    return reverse("streaming:studio", args=[stream.pk]) + "#shot-challenges"


@require_POST
@login_required
def challenge_create(request, stream_id):
    stream = visible_stream_or_404(request, stream_id)
    form = ChallengeForm(request.POST, min_coins=challenge_settings_for(stream.creator_id).min_coins)
    made = None
    if form.is_valid():
        values = form.cleaned_data
        try:
            made = services.shot_challenge_create(
                stream=stream, challenger=request.user, text=values["text"], coins=values["coins"],
                shot_type=values["type"] or None,
            )  # fmt: skip
        except ApplicationError as exc:
            add_service_error(form, exc)
    return partial_or_redirect(
        request,
        PANEL,
        lambda: panel_context(request, stream, form=None if made else form, made=made),
        to=reverse("streaming:watch", args=[stream.pk]) + "#shot-challenges",
        done="Challenge sent: the creator sees it now.",
        errors=form_errors(form),
    )


@require_GET
@login_required
def challenge_queue(request, stream_id):
    """The studio's queue as it is now (the studio's script asks for it when a CH frame arrives)."""
    stream = _team_stream_or_404(request, stream_id)
    return partial_or_redirect(request, QUEUE, lambda: queue_context(request, stream), to=_studio(stream))


@require_POST
@login_required
def challenge_answer(request, challenge_id: int, action: str):
    """accept, decline or attempt (made or missed) one challenge, from the studio's queue."""
    challenge = challenge_detail(challenge_id=challenge_id)
    if challenge is None or not is_channel_moderator(request.user, challenge.creator_id):
        raise Http404("No such challenge.")
    error = None
    try:
        if action == "attempt":
            form = AttemptForm(request.POST)
            if not form.is_valid():
                raise ShotChallengeInvalid("Say whether the shot was made.", field="made")
            services.shot_challenge_attempt(
                challenge=challenge, by=request.user, made=form.cleaned_data["made"],
                shot_type=form.cleaned_data["type"] or None,
            )  # fmt: skip
        else:
            services.TEAM_ACTIONS[action](challenge=challenge, by=request.user)
    except ApplicationError as exc:
        error = exc
    stream = challenge.stream
    return partial_or_redirect(
        request,
        QUEUE,
        lambda: queue_context(request, stream, error=error),
        to=_studio(stream),
        errors=[error.detail] if error else [],
    )


@require_POST
@login_required
def challenge_settings(request, stream_id):
    """The creator's terms, from the studio."""
    stream = visible_stream_or_404(request, stream_id)
    if not _is_creator(request, stream):
        raise Http404("No such stream.")
    form = ChallengeSettingsForm(request.POST, instance=challenge_settings_for(stream.creator_id))
    if form.is_valid():
        try:
            services.challenge_settings_update(creator=request.user, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
    return partial_or_redirect(
        request,
        QUEUE,
        lambda: queue_context(request, stream, settings_form=form),
        to=_studio(stream),
        done="Shot challenge terms saved.",
        errors=form_errors(form),
    )
