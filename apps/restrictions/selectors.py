"""Reads of restrictions that more than one caller needs."""

from django.db.models import Q

from apps.restrictions.models import ChannelSafety, Term


def safety_for(channel_id) -> ChannelSafety:
    """The channel's safety settings; the defaults (unsaved) for a channel that never changed them."""
    return ChannelSafety.objects.filter(channel_id=channel_id).first() or ChannelSafety(channel_id=channel_id)


# --- the word filter's terms (automod)


def terms_in_force(channel_id, now) -> list[dict]:
    """The channel's and the global terms not yet expired, as the filter builds from them."""
    return list(
        Term.objects.filter(Q(channel_id=channel_id) | Q(channel__isnull=True))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-channel_id", "id")  # the channel's own first: its rule names its own term
        .values("id", "text", "kind", "channel_id", "expires_at")
    )


def channel_terms(channel_id, now, kind=None):
    """A channel's own terms still in force (blocked, permitted or both), alphabetically."""
    terms = Term.objects.filter(channel_id=channel_id).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    return terms.filter(kind=kind).order_by("text") if kind else terms.order_by("kind", "text")
