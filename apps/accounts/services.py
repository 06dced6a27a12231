"""Every write of the accounts app: profiles, follows and verification."""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.accounts import events, lockout
from apps.accounts.domain_events import VERIFICATION_DECIDED, VERIFICATION_REQUESTED
from apps.accounts.errors import (
    CannotFollowSelf,
    InvalidCredentials,
    ProfileInvalid,
    SponsorNotFound,
    UnknownTimeZone,
    VerificationAlreadyPending,
    VerificationAlreadyReviewed,
    VerificationRequestInvalid,
)
from apps.accounts.models import (
    SIGNUP_BURST_SIZE,
    SIGNUP_WINDOW,
    SPONSORS_MAX,
    AthleteProfile,
    Follow,
    SignupAddress,
    SponsorLogo,
    User,
    VerificationDocument,
    VerificationRequest,
    VerificationStatus,
)
from apps.accounts.rules import tier_request_problem
from apps.accounts.tiers import TIERS, Tier
from apps.accounts.timezones import is_known
from apps.core.bounds import text_limit
from apps.core.updates import full_clean, model_update
from apps.core.uploads import CleanFile, clean_document

# Fields a user may change on their own profile; stats and verification are not among them.
EDITABLE_PROFILE_FIELDS = (
    "real_first_name",
    "real_last_name",
    "display_name",
    "photo",
    "height_inches",
    "weight_pounds",
    "age",
    "dominant_hand",
    "years_playing",
    "highest_level_played",
    "position",
    "college_team",
    "professional_team",
    "coach_certifications",
    "bio",
    "hometown",
    "social_links",
    "theme_colors",
    "profile_visibility",
    "real_name_visible",
    "location_visible",
)


# --- Profile ------------------------------------------------------------------------------
@transaction.atomic
def profile_update(*, profile: AthleteProfile, data: Mapping) -> AthleteProfile:
    """Apply the given editable fields, validate the whole profile, save. Raises ProfileInvalid."""
    model_update(profile, data, fields=EDITABLE_PROFILE_FIELDS, error=ProfileInvalid)
    if profile.is_verified and "photo" in data and not data["photo"]:
        raise ProfileInvalid("Verified athletes must keep a profile photo.", field="photo")
    full_clean(profile, error=ProfileInvalid, exclude=["user"])
    profile.save()
    return profile


# --- Sponsors -----------------------------------------------------------------------------
@transaction.atomic
def sponsor_add(*, profile: AthleteProfile, name: str, image, link: str = "") -> SponsorLogo:
    """A sponsor's logo on the profile: the image is cleaned and stored in our media (never loaded
    from elsewhere). Raises ProfileInvalid past SPONSORS_MAX or for a value the model refuses."""
    AthleteProfile.objects.select_for_update().filter(pk=profile.pk).first()  # one add at a time per profile
    if SponsorLogo.objects.filter(profile=profile).count() >= SPONSORS_MAX:
        raise ProfileInvalid(f"A profile shows at most {SPONSORS_MAX} sponsors: remove one first.", field="image")
    sponsor = SponsorLogo(profile=profile, name=(name or "").strip(), image=image, link=(link or "").strip())
    full_clean(sponsor, error=ProfileInvalid, exclude=["profile"])
    sponsor.save()
    return sponsor


@transaction.atomic
def sponsor_remove(*, profile: AthleteProfile, sponsor_id: int) -> None:
    sponsor = SponsorLogo.objects.filter(profile=profile, pk=sponsor_id).first()
    if sponsor is None:
        raise SponsorNotFound("No such sponsor on your profile.")
    image = sponsor.image
    sponsor.delete()
    transaction.on_commit(lambda: image.storage.delete(image.name))


def time_zone_set(*, user, zone: str) -> str:
    """The zone a browser says it is in: kept on a signed-in user's profile. Raises UnknownTimeZone
    for a name the zone database does not have."""
    if not is_known(zone):
        raise UnknownTimeZone(f"Unknown time zone: {zone[:64]}.", field="time_zone")
    if user.is_authenticated:
        AthleteProfile.objects.filter(user=user).exclude(time_zone=zone).update(time_zone=zone)
    return zone


# --- Follows ------------------------------------------------------------------------------
def follow_create(*, follower: User, creator: User, notify: bool = True) -> Follow:
    """Follow a creator. Following twice is not an error: the existing follow is returned."""
    if follower.pk == creator.pk:
        raise CannotFollowSelf("You cannot follow yourself.")
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(
                follower=follower, creator=creator, defaults={"notify": notify}
            )
    except IntegrityError:  # a concurrent request made the same follow first
        follow, created = Follow.objects.get(follower=follower, creator=creator), False
    if not created and follow.notify != notify:
        follow.notify = notify
        follow.save(update_fields=["notify"])
    return follow


def follow_delete(*, follower: User, creator: User) -> bool:
    """Unfollow. Returns whether there was a follow to remove."""
    deleted, _ = Follow.objects.filter(follower=follower, creator=creator).delete()
    return deleted > 0


# --- Verification ---------------------------------------------------------------------------
def _check_tier_request(*, user: User, tier: str, documents: Mapping) -> dict[str, CleanFile]:
    """The request's documents, each parsed and renamed by apps.core.uploads; raises what is wrong."""
    spec = TIERS.get(tier)
    if spec is None:
        raise VerificationRequestInvalid(f"Unknown tier {tier!r}.", field="tier")
    # Read the profile fresh and locked: `user.profile` may be a stale cached copy.
    profile = AthleteProfile.objects.select_for_update().get(user=user)
    problem = tier_request_problem(profile=profile, spec=spec)
    if problem:
        raise problem
    needed = {r.code: r for r in spec.requirements}
    extra = sorted(set(documents) - set(needed))
    if extra:
        raise VerificationRequestInvalid(f"{spec.label} does not take a {extra[0]!r} document.", field=extra[0])
    cleaned = {}
    for code, requirement in needed.items():
        upload = documents.get(code)
        if not upload:
            raise VerificationRequestInvalid(f"{requirement.label} is required for {spec.label}.", field=code)
        try:
            cleaned[code] = clean_document(upload, max_bytes=settings.VERIFICATION_DOCUMENT_MAX_BYTES)
        except ValidationError as exc:
            raise VerificationRequestInvalid(f"{requirement.label}: {exc.messages[0]}", field=code) from None
    return cleaned


@transaction.atomic
def verification_request_create(*, user: User, tier: str, documents: Mapping, message: str = "") -> VerificationRequest:
    """A user asks for a tier, with one document per requirement of that tier."""
    cleaned = _check_tier_request(user=user, tier=tier, documents=documents)
    if len(message) > (limit := text_limit(VerificationRequest, "message")):
        raise VerificationRequestInvalid(f"The note is at most {limit} characters.", field="message")
    try:
        with transaction.atomic():
            request = VerificationRequest.objects.create(user=user, tier=tier, message=message)
    except IntegrityError:
        raise VerificationAlreadyPending(
            "You already have a verification request waiting for review.", field="tier"
        ) from None
    for code, document in cleaned.items():
        VerificationDocument.objects.create(request=request, requirement=code, file=document)
    VERIFICATION_REQUESTED.publish(request_id=request.pk, user_id=user.pk)
    return request


def _set_tier(*, user: User, tier: str) -> None:
    profile = AthleteProfile.objects.select_for_update().get(user=user)
    profile.verification_tier = tier
    profile.verification_date = timezone.now()
    profile.save(update_fields=["verification_tier", "verification_date", "updated_at"])
    events.send_verified_badge(user_id=user.pk, spec=TIERS[tier])


def _lock_pending(request: VerificationRequest) -> VerificationRequest:
    locked = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != VerificationStatus.PENDING:
        raise VerificationAlreadyReviewed(f"This request was already {locked.get_status_display().lower()}.")
    return locked


def _decided(request: VerificationRequest) -> None:
    VERIFICATION_DECIDED.publish(request_id=request.pk, user_id=request.user_id, status=request.status)


@transaction.atomic
def verification_request_approve(
    *, request: VerificationRequest, reviewer: User, reason: str = ""
) -> VerificationRequest:
    """Staff approve: the user gets the tier now, and a `VB` frame on /ws/me/ after commit."""
    request = _lock_pending(request)
    request.status = VerificationStatus.APPROVED
    request.reviewed_by, request.reviewed_at, request.review_reason = reviewer, timezone.now(), reason
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
    _set_tier(user=request.user, tier=request.tier)
    _decided(request)
    return request


@transaction.atomic
def verification_request_reject(*, request: VerificationRequest, reviewer: User, reason: str) -> VerificationRequest:
    if not reason.strip():
        raise VerificationRequestInvalid("Say why the request is rejected; the user will see it.", field="reason")
    request = _lock_pending(request)
    request.status = VerificationStatus.REJECTED
    request.reviewed_by, request.reviewed_at, request.review_reason = reviewer, timezone.now(), reason
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
    _decided(request)
    return request


@transaction.atomic
def verification_tier_grant(*, user: User, tier: str, granted_by: User, reason: str) -> VerificationRequest:
    """Staff set a tier directly (CELEBRITY is invitation-only). Recorded as an approved request."""
    if tier not in TIERS or tier == Tier.UNVERIFIED:
        raise VerificationRequestInvalid(f"Unknown tier {tier!r}.", field="tier")
    if not reason.strip():
        raise VerificationRequestInvalid("A grant needs a reason for the record.", field="reason")
    VerificationRequest.objects.filter(user=user, status=VerificationStatus.PENDING).update(
        status=VerificationStatus.REJECTED,
        reviewed_by=granted_by,
        reviewed_at=timezone.now(),
        review_reason=f"Superseded by a staff grant of {TIERS[tier].label}.",
    )
    grant = VerificationRequest.objects.create(
        user=user,
        tier=tier,
        status=VerificationStatus.APPROVED,
        is_staff_grant=True,
        reviewed_by=granted_by,
        reviewed_at=timezone.now(),
        review_reason=reason,
    )
    _set_tier(user=user, tier=tier)
    _decided(grant)
    return grant


# --- API tokens -----------------------------------------------------------------------------
def api_token_issue(*, request, username: str, password: str) -> str:
    """Exchange a username (or email) and password for the user's API token (made on first use),
    under the HTML sign-in's lockout (apps.accounts.lockout)."""
    user = lockout.authenticate(request, login=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Unable to log in with that username and password.")
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


# --- Sign-up addresses --------------------------------------------------------------------------
@transaction.atomic
def signup_address_record(*, user: User, address: str) -> SignupAddress:
    """Keep the address `user` signed up from; when it makes a burst (SIGNUP_BURST_SIZE accounts
    within SIGNUP_WINDOW), flag every account of that burst for the moderators."""
    record = SignupAddress.objects.create(user=user, address=address)
    window = SignupAddress.objects.filter(address=address, created_at__gt=record.created_at - SIGNUP_WINDOW)
    if window.count() >= SIGNUP_BURST_SIZE:
        window.filter(in_burst=False).update(in_burst=True)
        record.in_burst = True
    return record
