"""A channel's standing safety switches: shield mode, established users only, unique chat and
escalating penalties (AutoMod's level and categories are services/filter.py's).

In the transaction:
- `safety_changed_hooks`: each is called as `hook(safety)` inside safety_update's transaction when
  shield mode or "established users only" changed, after the row is saved: who may chat changed,
  and the pages of the channel's open streams must say so at once (apps.streaming sends their ES,
  and with it each socket's MY, after the commit).
"""

from django.db import transaction

from apps.core.domain_events import AppHooks
from apps.restrictions import audit
from apps.restrictions.models import ChannelSafety
from apps.restrictions.rules import moderate_problem

safety_changed_hooks = AppHooks("channel_safety_changed")

# The audit action each switch writes, with ".on" or ".off" ("shield.on"); the others by their name.
AUDIT_NAMES = {"shield_mode": "shield"}
# Switches that change who may chat now: the channel's open pages hear of them.
AUDIENCE_SWITCHES = ("shield_mode", "established_only")


@transaction.atomic
def safety_update(
    *, actor, channel, shield_mode=None, established_only=None, unique_chat=None, escalating_penalties=None
) -> ChannelSafety:
    """Turn the channel's switches on or off (None leaves one as it is). Shield mode is an overlay
    the rules read (AutoMod level 4, slow mode 10 s, day-old accounts following for ten minutes):
    turning it off leaves the other settings as they were before. One audit row per switch that
    changed."""
    if problem := moderate_problem(actor, channel.pk):
        raise problem
    ChannelSafety.objects.get_or_create(channel=channel)
    safety = ChannelSafety.objects.select_for_update().get(channel=channel)
    asked = {
        "shield_mode": shield_mode,
        "established_only": established_only,
        "unique_chat": unique_chat,
        "escalating_penalties": escalating_penalties,
    }
    changed = [name for name, value in asked.items() if value is not None and bool(value) != getattr(safety, name)]
    for name in changed:
        setattr(safety, name, bool(asked[name]))
        state = "on" if asked[name] else "off"
        audit.record(actor=actor, action=f"{AUDIT_NAMES.get(name, name)}.{state}", channel=channel)
    if changed:
        safety.save()
    if any(name in AUDIENCE_SWITCHES for name in changed):
        for hook in safety_changed_hooks:
            hook(safety)
    return safety
