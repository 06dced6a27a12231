"""The gift parts of the stream pages: `{% gift_panel %}`, `{% gift_leaderboard %}`, `{% gift_goal %}`,
`{% gift_goal_form %}`, the tips pinned at the top of chat `{% tip_pins %}` and the studio's
`{% gift_feed %}`; and of the wallet page: `{% gift_history user %}`. Each draws its partial with
the context builders of apps.gifting.views, the same ones the gift views answer htmx with, so a part
looks the same however it got on the page.
"""

from django import template

from apps.gifting import views

register = template.Library()


def _base(context) -> dict:
    return {"request": context["request"], "user": context["user"], "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("streaming/_gift_panel.html", takes_context=True)
def gift_panel(context, stream):
    request = context["request"]
    opened = request.GET.get("gifts")
    # The nav's coin chip reads the balance too: share its (cached) read.
    nav_balance = context.get("nav_coin_balance")
    balance = nav_balance() if callable(nav_balance) else nav_balance
    return _base(context) | views.panel_context(
        request, stream, category=views.category_from(opened), balance=balance, is_open=opened is not None
    )


@register.inclusion_tag("streaming/_leaderboard.html", takes_context=True)
def gift_leaderboard(context, stream):
    return _base(context) | views.leaderboard_context(stream)


@register.inclusion_tag("gifting/_tip_pins.html")
def tip_pins(stream):
    return views.tip_pins_context(stream)


@register.inclusion_tag("streaming/_goal.html")
def gift_goal(stream):
    return views.goal_context(stream)


@register.inclusion_tag("streaming/_goal_form.html", takes_context=True)
def gift_goal_form(context, stream):
    return _base(context) | views.goal_form_context(stream)


@register.inclusion_tag("gifting/_gift_feed.html")
def gift_feed(stream):
    return views.gift_feed_context(stream)


@register.inclusion_tag("gifting/_gift_history.html")
def gift_history(user):
    return views.history_context(user)
