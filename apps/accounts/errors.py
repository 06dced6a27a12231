from apps.core.exceptions import ApplicationError, Conflict, InvalidInput, NotFound, PermissionDenied


class ProfileInvalid(InvalidInput):
    """A profile value its model refuses."""


class SponsorNotFound(NotFound):
    code = "sponsor_not_found"


class UnknownTimeZone(ApplicationError):
    code = "unknown_time_zone"


class CannotFollowSelf(ApplicationError):
    code = "cannot_follow_self"


class TierNotRequestable(PermissionDenied):
    code = "tier_invitation_only"


class VerificationRequestInvalid(ApplicationError):
    code = "verification_invalid"


class VerificationAlreadyPending(Conflict):
    code = "verification_pending"


class VerificationAlreadyReviewed(Conflict):
    code = "verification_already_reviewed"


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"


class SignupsFromAddressExceeded(ApplicationError):
    """Too many accounts opened from one address lately (models.SIGNUPS_PER_ADDRESS)."""

    code = "signups_from_address_exceeded"
    status = 429
