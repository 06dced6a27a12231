"""What pk tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `battle.invited` (battle_id): a host invited other hosts to a battle; the invitees are its
  participants still INVITED.
- `battle.finished` (battle_id): a battle ended with a result (by time, or a forfeit); one that
  was called off before it started (declined, withdrawn, expired) does not finish.
"""

from apps.core.domain_events import Event

BATTLE_INVITED = Event("battle.invited", fields=("battle_id",))
BATTLE_FINISHED = Event("battle.finished", fields=("battle_id",))
