from apps.core.exceptions import ApplicationError, NotFound, PermissionDenied


class UnknownGift(ApplicationError):
    code = "unknown_gift"


class GiftRefused(ApplicationError):
    """The stream does not take gifts now (ended, gifts off), or this sender may not gift it."""

    code = "gift_refused"


class GiftInvalid(ApplicationError):
    code = "gift_invalid"


class GiftHistoryHidden(PermissionDenied):
    code = "gift_history_private"


class StreamGone(NotFound):
    code = "stream_not_found"
