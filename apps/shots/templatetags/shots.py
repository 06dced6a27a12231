"""The shot tracker on other apps' pages: `{% shot_overlay stream %}` (over the watch page's picture),
`{% shot_stream_stats stream %}` (a stream's summary after it ends) and `{% scorekeeper_link stream %}`
(the studio). A profile's shooting per type is the profile's own (`career_shooting_by_type`)."""

from django import template

from apps.shots.rules import scorekeep_problem
from apps.shots.selectors.tracker import shot_summary
from apps.streaming.models import Status

register = template.Library()


@register.inclusion_tag("shots/_overlay.html")
def shot_overlay(stream):
    """Over a live picture only: an ended stream's numbers are on its summary."""
    return {"stats": shot_summary(stream) if stream.status == Status.LIVE else None}


@register.inclusion_tag("shots/_stream_stats.html")
def shot_stream_stats(stream):
    return {"stats": shot_summary(stream) if stream.status == Status.ENDED else None}


@register.inclusion_tag("shots/_scorekeeper_link.html", takes_context=True)
def scorekeeper_link(context, stream):
    return {"stream": stream, "problem": scorekeep_problem(stream, context["user"])}
