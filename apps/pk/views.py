"""The studio's PK panel: invite, answer an invitation, leave. htmx gets the panel back; a plain
post goes back to the studio with a message. The same services back `/api/v1/pk/battles`.

The panel follows the battle live: static/js/pk.js asks for it again (`pk-refresh`) whenever
the host's own socket (/ws/me/) says the battle changed. The score bar on the stream pages is
`{% pk_bar %}`, kept live by PK/SU frames on the stream's socket.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors, partial_or_redirect
from apps.pk import selectors, services
from apps.pk.forms import BattleInviteForm
from apps.pk.models import Battle
from apps.streaming.models import Stream
from apps.streaming.shortcuts import owned_stream_or_404

DONE = {
    "accept": "You're in: the battle starts when everyone has accepted.",
    "decline": "Invitation declined.",
    "leave": "You left the battle.",
}


def bar_context(stream: Stream) -> dict:
    """What templates/pk/_bar.html needs to draw the battle the stream is fighting (if any) before
    the socket's first frame; static/js/pk.js redraws it from PK frames and moves it on SU.
    The stream's own side is on the left, whichever side invited."""
    state = selectors.stream_battle(stream=stream)
    context = {"stream": stream, "pk": state, "pk_sides": [], "pk_share": 50, "pk_clock": ""}
    if state is not None:
        ours, theirs = sorted(state.sides, key=lambda s: all(p.stream_id != stream.pk for p in s.participants))
        left = max(0, int((state.battle.ends_at - timezone.now()).total_seconds()))
        total = ours.side.points + theirs.side.points
        context |= {
            "pk_sides": [ours, theirs],
            "pk_share": ours.side.points * 100 // total if total else 50,
            "pk_clock": f"{left // 60}:{left % 60:02d}",
        }
    return context


def panel_context(
    request, stream: Stream, *, form: BattleInviteForm | None = None, error: ApplicationError | None = None
) -> dict:
    """What templates/pk/_studio_panel.html needs: the host's battle, or the invitation form."""
    state = selectors.host_battle(host=request.user)
    if state is None and form is None and stream.is_live:
        form = BattleInviteForm(host=request.user)
    return {
        "stream": stream,
        "pk": state,
        "pk_me": state.participant_of(request.user) if state else None,
        "pk_form": form,
        "pk_error": error,
    }


def _answer(request, stream: Stream, *, form=None, done: str = "", error: ApplicationError | None = None):
    return partial_or_redirect(
        request,
        "pk/_studio_panel.html",
        lambda: panel_context(request, stream, form=form, error=error),
        to=reverse("streaming:studio", args=[stream.pk]) + "#pk-panel",
        done=done,
        errors=[error.detail] if error else form_errors(form) if form else [],
    )


@require_GET
@login_required
def panel(request, stream_id):
    stream = owned_stream_or_404(request, stream_id)
    return render(request, "pk/_studio_panel.html", panel_context(request, stream))


@require_POST
@login_required
def invite(request, stream_id):
    stream = owned_stream_or_404(request, stream_id)
    form = BattleInviteForm(request.POST, host=request.user)
    if form.is_valid():
        try:
            services.battle_invite(host=request.user, **form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return _answer(request, stream, done="Invitation sent: they have 30 seconds to accept.")
    return _answer(request, stream, form=form)


@require_POST
@login_required
def respond(request, stream_id, battle_id, action):
    stream = owned_stream_or_404(request, stream_id)
    battle = Battle.objects.filter(pk=battle_id).first()
    if battle is None:
        raise Http404("No such battle.")
    try:
        services.HOST_ACTIONS[action](battle=battle, host=request.user)
    except ApplicationError as exc:
        return _answer(request, stream, error=exc)
    return _answer(request, stream, done=DONE[action])
