"""Every write of appeals: a banned user's one unban request per ban, and a moderator's decision,
which lifts the ban when approved (apps.restrictions.services.actions.lift), with its audit row in
the same transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.exceptions import InvalidInput
from apps.moderation import rules
from apps.moderation.domain_events import APPEAL_DECIDED
from apps.moderation.errors import AlreadyAppealed, ReasonRequired
from apps.moderation.models import Appeal, AppealStatus
from apps.moderation.services.inputs import bounded_text
from apps.restrictions import audit, desk
from apps.restrictions.models import Restriction
from apps.restrictions.services import actions

DESK_QUEUE = "appeals"


def appeal_create(*, user, restriction: Restriction, text: str) -> Appeal:
    """`user` asks to be unbanned from their standing `restriction` (a ban), once per ban."""
    if problem := rules.appeal_problem(user, restriction):
        raise problem
    text = bounded_text(text, Appeal, "text")
    if not text:
        raise InvalidInput("Say why the ban should be lifted.", field="text")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(restriction=restriction, user=user, text=text)
            desk.announce(DESK_QUEUE, appeal.pk, "add", channel_id=restriction.channel_id)
    except IntegrityError:  # the user's other request appealed it a moment ago
        raise AlreadyAppealed("You have already appealed this ban: one appeal per ban.") from None
    return appeal


def appeal_decide(*, actor, appeal: Appeal, approve: bool, reason: str = "") -> Appeal:
    """Approve (the ban is lifted, if it still stands) or deny (with a reason) an appeal; the user
    hears the decision (`appeal.decided`)."""
    if problem := rules.decide_problem(actor, appeal):
        raise problem
    reason = bounded_text(reason, Appeal, "decision_reason", field="reason")
    if not approve and not reason:
        raise ReasonRequired("Say why the appeal is denied: the user is told.", field="reason")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("restriction__channel", "user")
            .get(pk=appeal.pk)
        )
        if problem := rules.decide_problem(actor, appeal):  # decided by another moderator meanwhile
            raise problem
        restriction = appeal.restriction
        if approve and rules.is_standing_ban(restriction):
            actions.lift(actor=actor, restriction=restriction, reason=reason)
        appeal.status = AppealStatus.APPROVED if approve else AppealStatus.DENIED
        appeal.decided_by, appeal.decided_at, appeal.decision_reason = actor, timezone.now(), reason
        appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        audit.record(
            actor=actor,
            action="appeal.approve" if approve else "appeal.deny",
            user=appeal.user,
            channel=restriction.channel,
            target=f"appeal:{appeal.pk}",
            reason=reason,
            restriction=restriction.pk,
        )
        APPEAL_DECIDED.publish(appeal_id=appeal.pk)
        desk.announce(DESK_QUEUE, appeal.pk, "remove", channel_id=restriction.channel_id)
    return appeal
