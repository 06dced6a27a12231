"""Restrictions' error types: each with a stable `code` and HTTP status."""

from apps.core.exceptions import ApplicationError, Conflict, InvalidInput, NotFound, PermissionDenied


class NotChannelModerator(ApplicationError):
    code = "not_moderator"
    status = 403


class NotPlatformModerator(ApplicationError):
    code = "not_platform_moderator"
    status = 403


# --- the word filter (automod)


class FilterInvalid(InvalidInput):
    """A term or AutoMod setting the filter cannot take (answered as invalid input, on its field)."""


class TermExists(Conflict):
    code = "term_exists"


class TermNotFound(NotFound):
    code = "term_not_found"


# --- restrictions and roles (enforce)


class Restricted(PermissionDenied):
    """A restriction standing on the user: says why and until when, in words in `detail` and as
    values (`until`, None: until lifted; `reason`) for the page's chat input and the API."""

    def __init__(self, detail: str, *, until=None, reason: str = "", **kwargs):
        super().__init__(detail, **kwargs)
        self.until = until
        self.reason = reason

    def extra(self) -> dict:
        return {"until": int(self.until.timestamp() * 1000) if self.until else None, "reason": self.reason}


class PlatformBanned(Restricted):
    code = "platform_banned"


class Banned(Restricted):
    code = "banned"


class TimedOut(Restricted):
    code = "timed_out"


class WarningPending(Restricted):
    code = "warning_pending"


class CannotRestrict(PermissionDenied):
    """The target is out of a moderator's reach: the channel's creator, a platform moderator, oneself."""

    code = "cannot_restrict"


class AlreadyBanned(Conflict):
    code = "already_banned"


class NotRestricted(Conflict):
    """Nothing to lift or acknowledge: no such standing restriction."""

    code = "not_restricted"


class RestrictionInvalid(ApplicationError):
    code = "invalid"


class AlreadyModerator(Conflict):
    code = "already_moderator"


class NotAModerator(Conflict):
    code = "not_a_moderator"
