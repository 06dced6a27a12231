"""Every write of reports: filing one (once per reporter and target while it is open) and resolving
all of a target's open reports at once, with its audit row in the same transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.exceptions import InvalidInput
from apps.moderation import rules
from apps.moderation.domain_events import REPORT_RECEIVED, REPORT_RESOLVED
from apps.moderation.errors import ReportResolved
from apps.moderation.models import Report, ReportReason, ReportStatus
from apps.moderation.services.inputs import bounded_text
from apps.moderation.targets import find_target
from apps.restrictions import audit, desk

# The desk's queue of reports; its items are targets ("message:12"), as the queue groups them.
DESK_QUEUE = "reports"


def report_create(*, reporter, target_type: str, target_id: str, reason: str, text: str = "") -> tuple[Report, bool]:
    """File `reporter`'s report of a target. Returns (report, created): a reporter who already has
    an open report of this target gets that one back and nothing new is written (`created` False),
    so a target's count is of reporters. The reporter hears it was received (`report.received`)."""
    target = find_target(target_type, target_id)
    if problem := rules.report_problem(reporter, target):
        raise problem
    if reason not in ReportReason.values:
        raise InvalidInput("Pick a reason from the list.", field="reason")
    text = bounded_text(text, Report, "text")
    open_of_target = Report.objects.filter(target_type=target.type, target_id=target.id, status=ReportStatus.OPEN)
    if existing := open_of_target.filter(reporter=reporter).first():
        return existing, False
    with transaction.atomic():
        first = not open_of_target.exists()
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    target_type=target.type,
                    target_id=target.id,
                    reason=reason,
                    text=text,
                    reporter=reporter,
                    reported_user_id=target.owner_id,
                    channel_id=target.channel_id,
                )
        except IntegrityError:  # the same reporter's other request filed it a moment ago
            return open_of_target.get(reporter=reporter), False
        REPORT_RECEIVED.publish(report_id=report.pk)
        desk.announce(DESK_QUEUE, report.key, "add" if first else "change", channel_id=target.channel_id)
    return report, True


def report_resolve(*, actor, report: Report, resolution: str = "", action_taken: bool = False) -> list[Report]:
    """Resolve every open report of `report`'s target (moderators of its channel, or platform
    moderators); each reporter hears the outcome (`report.resolved`). Returns the reports resolved."""
    if problem := rules.resolve_problem(actor, report):
        raise problem
    resolution = bounded_text(resolution, Report, "resolution")
    with transaction.atomic():
        open_reports = list(
            Report.objects.select_for_update()
            .filter(target_type=report.target_type, target_id=report.target_id, status=ReportStatus.OPEN)
            .order_by("pk")
        )
        if not open_reports:  # another moderator resolved them while this one read the queue
            raise ReportResolved("These reports were resolved already.")
        now = timezone.now()
        for each in open_reports:
            each.status, each.resolved_by, each.resolved_at = ReportStatus.RESOLVED, actor, now
            each.resolution, each.action_taken = resolution, action_taken
        Report.objects.bulk_update(open_reports, ["status", "resolved_by", "resolved_at", "resolution", "action_taken"])
        audit.record(
            actor=actor,
            action="report.resolve",
            user=report.reported_user,
            channel=report.channel,
            target=report.key,
            reason=resolution,
            reports=len(open_reports),
            action_taken=action_taken,
        )
        REPORT_RESOLVED.publish(report_ids=[each.pk for each in open_reports])
        desk.announce(DESK_QUEUE, report.key, "remove", channel_id=report.channel_id)
    return open_reports
