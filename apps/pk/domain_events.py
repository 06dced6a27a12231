"""What pk tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `battle.finished` (battle_id): a battle ended with a result (by time, or a forfeit); one that
  was called off before it started (declined, withdrawn, expired) does not finish.
"""

from apps.core.domain_events import Event

BATTLE_FINISHED = Event("battle.finished", fields=("battle_id",))
