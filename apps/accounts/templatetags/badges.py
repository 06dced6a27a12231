from types import SimpleNamespace

from django import template

from apps.accounts.tiers import TIERS, Tier, humanize
from apps.accounts.validators import SOCIAL_PLATFORMS

register = template.Library()


@register.inclusion_tag("accounts/_user_badge.html")
def user_badge(user, link=True, size="sm"):
    """A user's public name with their verification badge. Pass users with `profile` selected."""
    return {"badge_user": user, "tier": user.profile.tier, "link": link, "size": size}


@register.inclusion_tag("accounts/_badge_templates.html")
def badge_templates():
    """The badges as <template>s for the page's scripts: a user's (filled in with a name and a
    profile link) and each verified tier's."""
    return {
        "placeholder": SimpleNamespace(pk="", username="__username__", public_name=""),
        "unverified": TIERS[Tier.UNVERIFIED],
        "tiers": [spec for spec in TIERS.values() if spec.is_verified],
    }


@register.inclusion_tag("accounts/_tier_badge.html")
def tier_badge(spec, with_label=False):
    return {"tier": spec, "with_label": with_label}


@register.filter
def humanize_code(code: str) -> str:
    return humanize(code)


@register.filter
def platform_label(code: str) -> str:
    return SOCIAL_PLATFORMS.get(code, code)
