"""What gifting tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `gift.sent` (gift_send_id, stream_id, sender_id, recipient_id, coins): a gift was paid and recorded.

In the transaction, `gift_hooks`: for a higher app that must write in the gift's own commit (PK
scoring: a battle's score is the sum of its contributions, each paid for by its gift). Each hook
has two steps, run in INSTALLED_APPS order:
- `prepare(stream=, sender=, gift=)`, before the gift locks any row every gift into the stream
  shares: reads what the app needs and returns it (None: nothing to do for this gift);
- `apply(send=, prepared=)`, after the stream's gift totals row, last: writes the app's rows. It
  only writes; whatever it tells viewers it builds after the commit (apps.core.scheduling).

The lock order of a gift, written once, here (tests/gifting/test_lock_order.py pins it on PostgreSQL).
Every gift (and tip, without step 4) into one stream takes these rows in this order; anything else
that takes two of them takes them in the same order, and nothing locks them while holding a hook
app's rows:
1. the sender's row on the stream's leaderboard (all anonymous gifts share one);
2. the wallet's accounts (apps.wallet: the sender's wallet, the creator's earnings, the
   platform's revenue), after the gift's own record is written (wallet_spend's `record`);
3. the stream's gift totals and goal (StreamGiftTotals: one INSERT ... ON CONFLICT DO UPDATE ... RETURNING);
4. each hook's rows, in INSTALLED_APPS order (apps.pk: the battle, then its side).
The stream's own row (streaming) is not locked by a gift: stream_end locks it, then the battle.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.core.domain_events import AppHooks, Event

GIFT_SENT = Event("gift.sent", fields=("gift_send_id", "stream_id", "sender_id", "recipient_id", "coins"))


@dataclass(frozen=True)
class GiftHook:
    prepare: Callable[..., Any]
    apply: Callable[..., None]


gift_hooks = AppHooks("gift_send")
