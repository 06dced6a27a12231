"""Reads of restrictions that more than one caller needs."""

from apps.restrictions.models import ChannelSafety


def safety_for(channel_id) -> ChannelSafety:
    """The channel's safety settings; the defaults (unsaved) for a channel that never changed them."""
    return ChannelSafety.objects.filter(channel_id=channel_id).first() or ChannelSafety(channel_id=channel_id)
