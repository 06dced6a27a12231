"""The PK parts of the pages: `{% pk_bar stream %}` (the score bar on the watch page and the
studio), `{% pk_studio stream %}` (the studio's invite/answer/leave panel) and `{% pk_record user %}`
(a profile's record and recent battles)."""

from django import template

from apps.pk import selectors, views

register = template.Library()


@register.inclusion_tag("pk/_bar.html", takes_context=True)
def pk_bar(context, stream):
    return {"request": context["request"], **views.bar_context(stream)}


@register.inclusion_tag("pk/_studio_panel.html", takes_context=True)
def pk_studio(context, stream):
    base = {"request": context["request"], "user": context["user"], "csrf_token": context.get("csrf_token")}
    return base | views.panel_context(context["request"], stream)


@register.inclusion_tag("pk/_record.html")
def pk_record(user):
    return {"record": selectors.pk_record(user=user), "recent": selectors.recent_battles(user=user)}
