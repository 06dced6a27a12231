"""The challenge pages: the form a profile's Challenge button opens (`/challenges/new/?opponent=`),
and `/challenges/`, the signed-in player's own, each with the answers the rules allow them and, once
accepted, the score report. Plain POST forms; the outcome, or the reason for refusing, comes back
as a message."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors
from apps.core.query import query_or_defaults
from apps.tournaments import rules
from apps.tournaments.forms.challenges import ChallengeForm
from apps.tournaments.forms.tournaments import ReportForm
from apps.tournaments.selectors import challenges as selectors
from apps.tournaments.serializers.challenges import ChallengeListQuerySerializer
from apps.tournaments.services import challenges as services

LIST_SIZE = 50
DONE = {
    "accept": "Challenge accepted: play it, then both report the score.",
    "decline": "Challenge declined; the stake went back to whoever paid it.",
    "cancel": "Challenge called off; your stake is back.",
}
# Each answer's rule, so a row offers only the buttons its viewer may press.
ANSWER_RULES = {
    "accept": rules.challenge_accept_problem,
    "decline": rules.challenge_decline_problem,
    "cancel": rules.challenge_cancel_problem,
}


@login_required
def challenge_new(request):
    opponent = User.objects.filter(username=request.GET.get("opponent", "")).select_related("profile").first()
    if opponent is None:
        raise Http404("No such player.")
    form = ChallengeForm(request.POST or None)
    problem = rules.challenge_problem(challenger=request.user, opponent=opponent, now=timezone.now())
    if request.method == "POST" and form.is_valid():
        friend = form.cleaned_data["on_behalf_of"]
        # Paying for a friend: they challenge, you pay their stake (the service checks both of you).
        challenger, sponsor = (friend, request.user) if friend else (request.user, None)
        try:
            services.challenge_create(challenger=challenger, opponent=opponent, sponsor=sponsor, **form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"Challenge sent: {opponent.public_name} has {settings.CHALLENGE_EXPIRY_HOURS} hours to answer.",
            )
            return redirect("tournaments:challenges")
    context = {"form": form, "opponent": opponent, "problem": problem, "expiry_hours": settings.CHALLENGE_EXPIRY_HOURS}
    return render(request, "tournaments/challenges/new.html", context)


def _report_form(challenge, user) -> ReportForm | None:
    """The score form, for a player of an accepted challenge whose match takes reports."""
    match = challenge.match
    if match is None or rules.report_problem(match, user) is not None:
        return None
    return ReportForm(best_of=match.best_of, prefix=f"c{challenge.pk}")


@login_required
def challenge_list(request):
    status = query_or_defaults(ChallengeListQuerySerializer, request.GET).get("status")
    now = timezone.now()
    rows = [
        {
            "challenge": challenge,
            "answers": [
                action
                for action, rule in ANSWER_RULES.items()
                if rule(challenge=challenge, user=request.user, now=now) is None
            ],
            "report": _report_form(challenge, request.user),
        }
        for challenge in selectors.challenges_of(user=request.user, status=status)[:LIST_SIZE]
    ]
    return render(request, "tournaments/challenges/list.html", {"rows": rows, "status": status})


@require_POST
@login_required
def challenge_answer(request, challenge_id, action):
    challenge = selectors.challenge_detail(challenge_id=challenge_id)
    if challenge is None:
        raise Http404("No such challenge.")
    try:
        services.PLAYER_ACTIONS[action](challenge=challenge, player=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, DONE[action])
    return redirect("tournaments:challenges")


@require_POST
@login_required
def challenge_report(request, challenge_id):
    challenge = selectors.challenge_detail(challenge_id=challenge_id)
    if challenge is None:
        raise Http404("No such challenge.")
    form = ReportForm(request.POST, best_of=challenge.best_of, prefix=f"c{challenge.pk}")
    if not form.is_valid():
        for error in form_errors(form):
            messages.error(request, error)
        return redirect("tournaments:challenges")
    try:
        services.challenge_report(challenge=challenge, reporter=request.user, games=form.cleaned_data["games"])
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Score reported: the match is decided when both reports agree.")
    return redirect("tournaments:challenges")
