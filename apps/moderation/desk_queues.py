"""The desk queues moderation fills itself: verification requests and signup bursts (platform
moderators only). Other apps register theirs from their own AppConfig.ready()
(apps.restrictions.desk; tournaments' disputes in apps/tournaments/desk.py)."""

from apps.moderation.selectors import desk as selectors
from apps.restrictions.desk import DeskQueue, register

VERIFICATION = "verification"
SIGNUP_BURSTS = "signup_bursts"


def register_queues() -> None:
    register(
        DeskQueue(
            name=VERIFICATION,
            title="Verification requests",
            count=selectors.verification_count,
            items=selectors.verification_queue,
            template="moderation/queues/_verification.html",
            platform_only=True,
            order=40,
        )
    )
    register(
        DeskQueue(
            name=SIGNUP_BURSTS,
            title="Signup bursts",
            count=selectors.burst_count,
            items=selectors.burst_queue,
            template="moderation/queues/_signup_bursts.html",
            platform_only=True,
            order=60,
        )
    )
