"""The desk queues moderation registers: reports, held messages and appeals (for the channels a
desk covers), then verification requests and signup bursts (platform moderators only). Other apps
register theirs from their own AppConfig.ready() (apps.restrictions.desk; tournaments' disputes in
apps/tournaments/desk.py). Reports and appeals announce their changes from their services (the
queue names are theirs: apps.moderation.services.reports/appeals.DESK_QUEUE); held messages from
streaming's."""

from apps.moderation.selectors import desk as selectors
from apps.moderation.services import appeals, reports
from apps.restrictions.desk import DeskQueue, register
from apps.streaming.desk import HELD

VERIFICATION = "verification"
SIGNUP_BURSTS = "signup_bursts"


def register_queues() -> None:
    for queue in (
        DeskQueue(
            name=reports.DESK_QUEUE,
            title="Reports",
            count=selectors.report_count,
            items=selectors.report_items,
            template="moderation/queues/_reports.html",
            order=10,
        ),
        DeskQueue(
            name=HELD,
            title="Held messages",
            count=selectors.held_count,
            items=selectors.held_items,
            template="moderation/queues/_held.html",
            order=20,
        ),
        DeskQueue(
            name=appeals.DESK_QUEUE,
            title="Appeals",
            count=selectors.appeal_count,
            items=selectors.appeal_items,
            template="moderation/queues/_appeals.html",
            order=30,
        ),
        DeskQueue(
            name=VERIFICATION,
            title="Verification requests",
            count=selectors.verification_count,
            items=selectors.verification_queue,
            template="moderation/queues/_verification.html",
            platform_only=True,
            order=40,
        ),
        DeskQueue(
            name=SIGNUP_BURSTS,
            title="Signup bursts",
            count=selectors.burst_count,
            items=selectors.burst_queue,
            template="moderation/queues/_signup_bursts.html",
            platform_only=True,
            order=60,
        ),
    ):
        register(queue)
