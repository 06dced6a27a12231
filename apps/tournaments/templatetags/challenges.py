"""`{% challenge_button player %}`: the profile's Challenge button, or a link to the challenge the two
have open already; nothing on your own profile or an inactive player's."""

from django import template
from django.utils import timezone

from apps.tournaments import rules
from apps.tournaments.errors import ChallengeExists

register = template.Library()


@register.inclusion_tag("tournaments/challenges/_button.html", takes_context=True)
def challenge_button(context, player):
    viewer = context["request"].user
    # Signed out: the button leads to the sign-in page, then to the form.
    problem = (
        rules.challenge_problem(challenger=viewer, opponent=player, now=timezone.now())
        if viewer.is_authenticated
        else None
    )
    return {"player": player, "shown": problem is None or isinstance(problem, ChallengeExists), "problem": problem}
