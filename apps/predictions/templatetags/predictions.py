"""Predictions on the pages: `{% channel_points stream %}` (the balance and claim button beside the
chat), `{% prediction_panel stream %}` (the prediction card on the watch page) and
`{% prediction_studio stream %}` (opening and settling them in the studio)."""

from django import template

from apps.predictions import views

register = template.Library()


def _base(context) -> dict:
    return {"request": context["request"], "user": context["user"], "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("predictions/_points.html", takes_context=True)
def channel_points(context, stream):
    return _base(context) | views.points_context(stream, context["user"])


@register.inclusion_tag("predictions/_panel.html", takes_context=True)
def prediction_panel(context, stream):
    return _base(context) | views.panel_context(stream, context["user"])


@register.inclusion_tag("predictions/_studio.html", takes_context=True)
def prediction_studio(context, stream):
    return _base(context) | views.studio_context(stream, context["user"])
