from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class InsufficientCoins(ApplicationError):
    code = "insufficient_coins"


class InvalidAmount(ApplicationError):
    code = "invalid_amount"


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"


class UnknownPackage(ApplicationError):
    code = "unknown_package"


class PurchaseNotFound(NotFound):
    code = "purchase_not_found"


class PayoutNotAllowed(PermissionDenied):
    code = "payout_not_allowed"


class PayoutInvalid(ApplicationError):
    code = "payout_invalid"


class PaymentRejected(ApplicationError):
    """A provider callback that is not genuine (bad signature, stale timestamp, ...)."""

    code = "payment_rejected"


class LedgerError(Exception):
    """A bug, not user input: a transfer that does not balance. Never shown to users."""
