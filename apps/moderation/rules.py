"""May this user report this, resolve these reports, appeal this ban, decide this appeal? Each
`*_problem` returns the error the service raises, or None (docs/architecture.md, "Rules")."""

from django.utils import timezone

from apps.core.exceptions import ApplicationError
from apps.moderation.errors import (
    AlreadyAppealed,
    AppealDecided,
    BanNotFound,
    BanNotStanding,
    NotSignedIn,
    OwnTarget,
    ReportResolved,
    TargetNotFound,
)
from apps.moderation.models import Appeal, AppealStatus, Report, ReportStatus
from apps.moderation.targets import Target
from apps.restrictions.models import Restriction, RestrictionKind
from apps.restrictions.rules import is_platform_moderator, moderate_problem, platform_moderate_problem

_OWN = {
    "message": "You cannot report your own message.",
    "user": "You cannot report yourself.",
    "profile": "You cannot report your own profile.",
    "stream": "You cannot report your own stream.",
}


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def report_problem(reporter, target: Target | None) -> ApplicationError | None:
    """Any signed-in user may report what they can have seen, except their own."""
    if not _signed_in(reporter):
        return NotSignedIn("Sign in to report.")
    if target is None or not target.seen_by(reporter):
        return TargetNotFound("There is nothing to report there: it does not exist.")
    if target.owner_id == reporter.pk:
        return OwnTarget(_OWN[target.type])
    return None


def moderates_problem(user, channel_id: int | None) -> ApplicationError | None:
    """Who handles what belongs to `channel_id`: its moderators (and platform moderators); with no
    channel, platform moderators only."""
    return platform_moderate_problem(user) if channel_id is None else moderate_problem(user, channel_id)


def resolve_problem(user, report: Report) -> ApplicationError | None:
    if problem := moderates_problem(user, report.channel_id):
        return problem
    if report.reported_user_id == user.pk and not is_platform_moderator(user):
        return OwnTarget("Reports about you are for another moderator to resolve.")
    if report.status != ReportStatus.OPEN:
        return ReportResolved("These reports were resolved already.")
    return None


def is_standing_ban(restriction: Restriction) -> bool:
    return (
        restriction.kind == RestrictionKind.BAN
        and restriction.lifted_at is None
        and (restriction.ends_at is None or restriction.ends_at > timezone.now())
    )


def appeal_problem(user, restriction: Restriction) -> ApplicationError | None:
    """Only the banned user, once per ban, while it stands. Someone else's ban is not found: whom a
    channel banned is not theirs to learn. A platform ban deactivates the account, so only being
    someone is asked here, not being active."""
    if not (user and user.is_authenticated):
        return NotSignedIn("Sign in to appeal.")
    if restriction.user_id != user.pk or restriction.kind != RestrictionKind.BAN:
        return BanNotFound("You have no such ban.")
    if Appeal.objects.filter(restriction=restriction).exists():
        return AlreadyAppealed("You have already appealed this ban: one appeal per ban.")
    if not is_standing_ban(restriction):
        return BanNotStanding("This ban has been lifted already.")
    return None


def decide_problem(user, appeal: Appeal) -> ApplicationError | None:
    if problem := moderates_problem(user, appeal.restriction.channel_id):
        return problem
    if appeal.status != AppealStatus.PENDING:
        return AppealDecided(f"This appeal was {appeal.get_status_display().lower()} already.")
    return None
