"""What tournaments tell the apps above them (apps.core.domain_events; docs/events.md).

After commit:
- `challenge.received` (challenge_id): someone challenged a player to a 1v1.
- `match.ready` (match_id): both players of a tournament match are known; they can play and report it.
"""

from apps.core.domain_events import Event

CHALLENGE_RECEIVED = Event("challenge.received", fields=("challenge_id",))
MATCH_READY = Event("match.ready", fields=("match_id",))
