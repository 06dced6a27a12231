"""Moderation's error types (reports and appeals): each with a stable `code` and HTTP status. Who may
moderate where answers with apps.restrictions.errors (`not_moderator`, `not_platform_moderator`)."""

from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class NotSignedIn(PermissionDenied):
    code = "not_signed_in"


class TargetNotFound(NotFound):
    """The message, user, stream or profile reported does not exist (or the id cannot be one)."""

    code = "target_not_found"


class OwnTarget(ApplicationError):
    """Your own message, yourself, your own stream or profile."""

    code = "own_target"


class ReportNotFound(NotFound):
    code = "report_not_found"


class ReportResolved(Conflict):
    code = "report_resolved"


class BanNotFound(NotFound):
    """No standing-or-past ban of yours with that id (someone else's ban is not found either)."""

    code = "ban_not_found"


class BanNotStanding(Conflict):
    code = "ban_not_standing"


class AlreadyAppealed(Conflict):
    code = "already_appealed"


class AppealNotFound(NotFound):
    code = "appeal_not_found"


class AppealDecided(Conflict):
    code = "appeal_decided"


class ReasonRequired(ApplicationError):
    """A denial is explained: the user is told why."""

    code = "reason_required"
