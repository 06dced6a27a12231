"""Shot challenges on the stream pages: `{% shot_challenges stream %}` on the watch page (the open
challenges and the form) and `{% shot_challenge_queue stream %}` in the studio (answers and terms),
drawn with the context builders the challenge views answer htmx with."""

from django import template

from apps.shots.views import challenges as views

register = template.Library()


def _base(context) -> dict:
    return {"request": context["request"], "user": context["user"], "csrf_token": context.get("csrf_token")}


@register.inclusion_tag(views.PANEL, takes_context=True)
def shot_challenges(context, stream):
    return _base(context) | views.panel_context(context["request"], stream)


@register.inclusion_tag(views.QUEUE, takes_context=True)
def shot_challenge_queue(context, stream):
    return _base(context) | views.queue_context(context["request"], stream)
