"""Restrictions' error types: each with a stable `code` and HTTP status."""

from apps.core.exceptions import ApplicationError


class NotChannelModerator(ApplicationError):
    code = "not_moderator"
    status = 403


class NotPlatformModerator(ApplicationError):
    code = "not_platform_moderator"
    status = 403
