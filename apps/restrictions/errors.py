"""Restrictions' error types: each with a stable `code` and HTTP status."""

from apps.core.exceptions import ApplicationError, Conflict, InvalidInput, NotFound


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
