from django import template

from apps.accounts.tiers import humanize
from apps.accounts.validators import SOCIAL_PLATFORMS

register = template.Library()


@register.inclusion_tag("accounts/_user_badge.html")
def user_badge(user, link=True, size="sm"):
    """A user's public name with their verification badge. Pass users with `profile` selected."""
    return {"badge_user": user, "tier": user.profile.tier, "link": link, "size": size}


@register.inclusion_tag("accounts/_tier_badge.html")
def tier_badge(spec, with_label=False):
    return {"tier": spec, "with_label": with_label}


@register.filter
def humanize_code(code: str) -> str:
    return humanize(code)


@register.filter
def platform_label(code: str) -> str:
    return SOCIAL_PLATFORMS.get(code, code)
