"""Who may ask for which verification tier (one rule, read by the request service, which refuses,
and by the verification page, which shows why a tier is out of reach), and who may read the
documents sent with a request."""

from apps.accounts.errors import SignupsFromAddressExceeded, TierNotRequestable, VerificationRequestInvalid
from apps.accounts.models import SIGNUP_WINDOW, SIGNUPS_PER_ADDRESS, AthleteProfile, SignupAddress, VerificationDocument
from apps.accounts.tiers import TIERS, TierSpec
from apps.core.exceptions import ApplicationError


def tier_request_problem(*, profile: AthleteProfile, spec: TierSpec) -> ApplicationError | None:
    """The error a request for `spec` would get from this profile, or None if it may ask."""
    if not spec.is_verified:
        return VerificationRequestInvalid(f"Unknown tier {spec.tier.value!r}.", field="tier")
    if spec.invitation_only:
        return TierNotRequestable(f"{spec.label} is by invitation only; it cannot be requested.", field="tier")
    if spec.rank <= profile.tier.rank:
        return VerificationRequestInvalid(f"You already hold {profile.tier.label} or higher.", field="tier")
    if spec.prerequisite and profile.tier.rank < TIERS[spec.prerequisite].rank:
        return VerificationRequestInvalid(
            f"{spec.label} requires {TIERS[spec.prerequisite].label} first.", field="tier"
        )
    if not profile.photo:
        return VerificationRequestInvalid("Add a profile photo before asking to be verified.", field="photo")
    if not (profile.real_first_name and profile.real_last_name):
        return VerificationRequestInvalid(
            "Add your real first and last name to your profile before asking to be verified.", field="tier"
        )
    return None


# Moderators who review verification get this permission (a group in admin); staff have it by role.
READ_VERIFICATION_DOCUMENTS = "accounts.view_verificationdocument"


def may_read_verification_document(*, user, document: VerificationDocument) -> bool:
    """Identity documents: their owner, platform staff, and moderators given the permission."""
    if not (user and user.is_authenticated):
        return False
    return user.pk == document.request.user_id or user.is_staff or user.has_perm(READ_VERIFICATION_DOCUMENTS)


def signup_problem(*, address: str, now) -> ApplicationError | None:
    """Why an account may not be opened from `address` now (too many lately), or None."""
    recent = SignupAddress.objects.filter(address=address, created_at__gt=now - SIGNUP_WINDOW).count()
    if recent >= SIGNUPS_PER_ADDRESS:
        return SignupsFromAddressExceeded(
            "Too many accounts were opened from your network in the last hour. Try again later."
        )
    return None
