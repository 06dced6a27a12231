"""What wallet tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `payout.paid` (payout_id, user_id): the provider paid a payout.
- `payout.failed` (payout_id, user_id): the provider refused it; its coins are back in the
  creator's earnings. A payout staff retry may fail again: each failure is published.
"""

from apps.core.domain_events import Event

PAYOUT_PAID = Event("payout.paid", fields=("payout_id", "user_id"))
PAYOUT_FAILED = Event("payout.failed", fields=("payout_id", "user_id"))
