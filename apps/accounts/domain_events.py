"""What accounts tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `verification.decided` (request_id, user_id, status): staff approved or rejected a verification
  request, or granted a tier directly (an approved request of its own).
"""

from apps.core.domain_events import Event

VERIFICATION_DECIDED = Event("verification.decided", fields=("request_id", "user_id", "status"))
VERIFICATION_REQUESTED = Event("verification.requested", fields=("request_id", "user_id"))
