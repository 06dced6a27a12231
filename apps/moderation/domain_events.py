"""What moderation tells the apps above it (apps.core.domain_events; docs/events.md).

After commit:
- `report.received` (report_id): a new report was filed (not a repeat of the reporter's open one).
- `report.resolved` (report_ids): a moderator resolved every open report of one target.
- `appeal.decided` (appeal_id): a moderator approved or denied an unban request.
"""

from apps.core.domain_events import Event

REPORT_RECEIVED = Event("report.received", fields=("report_id",))
REPORT_RESOLVED = Event("report.resolved", fields=("report_ids",))
APPEAL_DECIDED = Event("appeal.decided", fields=("appeal_id",))
