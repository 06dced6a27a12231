from apps.core.exceptions import ApplicationError, PermissionDenied


class UnknownGift(ApplicationError):
    code = "unknown_gift"


class GiftRefused(ApplicationError):
    """The stream does not take gifts now (ended, gifts off), or this sender may not gift it."""

    code = "gift_refused"


class GiftsNotOpenYet(GiftRefused):
    """A scheduled stream: its gifts open when it goes live (its panel waits, Send off)."""


class GiftInvalid(ApplicationError):
    code = "gift_invalid"


class GiftHistoryHidden(PermissionDenied):
    code = "gift_history_private"


class TipInvalid(ApplicationError):
    code = "tip_invalid"
