"""`{% notification_bell %}` for the header and `{% remind_me_button stream %}` for a scheduled
stream's page or card."""

from django import template

from apps.notifications import selectors, views

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context["user"]
    return {"user": user, "unread": selectors.unread_count(user=user) if user.is_authenticated else 0}


@register.inclusion_tag("notifications/_remind_me.html", takes_context=True)
def remind_me_button(context, stream):
    return views.remind_me_context(context["request"], stream) | {"csrf_token": context.get("csrf_token")}
