"""Reads of the accounts app. Profile privacy is decided here, once, for pages and API alike."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When

from apps.accounts.models import (
    AthleteProfile,
    Follow,
    ProfileVisibility,
    User,
    VerificationDocument,
    VerificationRequest,
    VerificationStatus,
)
from apps.accounts.rules import may_read_verification_document, tier_request_problem
from apps.accounts.tiers import TIERS, TierSpec

# What anyone may see of any profile: the name and its badge.
MINIMAL_FIELDS = ("username", "verification_tier")
REAL_NAME_FIELDS = ("real_first_name", "real_last_name")
LOCATION_FIELDS = ("hometown",)
FULL_FIELDS = (
    "username",
    "display_name",
    "photo",
    "verification_tier",
    "verification_date",
    *REAL_NAME_FIELDS,
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
    "career_shooting_percentage",
    "career_shooting_by_type",
    "career_games_played",
    "career_prize_money_cents",
    "highest_rating",
    "current_streak",
    "longest_win_streak",
    "bio",
    *LOCATION_FIELDS,
    "social_links",
    "sponsor_logos",
    "theme_colors",
    "follower_count",
    "following_count",
)
BACKGROUND_FIELDS = (
    "position",
    "highest_level_played",
    "height_inches",
    "weight_pounds",
    "age",
    "dominant_hand",
    "years_playing",
    "college_team",
    "professional_team",
    "coach_certifications",
)
OWNER_ONLY_FIELDS = ("profile_visibility", "real_name_visible", "location_visible")


@dataclass
class ProfileView:
    """A profile as one viewer may see it: `fields` holds only what they are allowed."""

    user: User
    profile: AthleteProfile
    is_full: bool
    is_owner: bool
    is_following: bool
    fields: dict = field(default_factory=dict)

    @property
    def tier(self) -> TierSpec:
        return self.profile.tier

    @property
    def has_background(self) -> bool:
        return any(self.fields.get(name) not in (None, "", []) for name in BACKGROUND_FIELDS)


def user_with_profile(*, user_id: int | None = None, username: str | None = None) -> User:
    """Raises User.DoesNotExist."""
    queryset = (
        User.objects.select_related("profile")
        .filter(is_active=True)
        .annotate(follower_count=Count("followers", distinct=True), following_count=Count("following", distinct=True))
    )
    if user_id is not None:
        return queryset.get(pk=user_id)
    return queryset.get(username__iexact=username)


def _viewer_is_verified(viewer) -> bool:
    if not viewer.is_authenticated:
        return False
    return TIERS[AthleteProfile.objects.values_list("verification_tier", flat=True).get(user=viewer)].is_verified


def profile_visible_fields(*, profile: AthleteProfile, viewer) -> tuple[str, ...]:
    is_owner = viewer.is_authenticated and viewer.pk == profile.user_id
    if is_owner or viewer.is_staff:
        return FULL_FIELDS + OWNER_ONLY_FIELDS if is_owner else FULL_FIELDS
    visibility = profile.profile_visibility
    if visibility == ProfileVisibility.PRIVATE:
        return MINIMAL_FIELDS
    if visibility == ProfileVisibility.VERIFIED_ONLY and not _viewer_is_verified(viewer):
        return MINIMAL_FIELDS
    hidden = set()
    if not profile.real_name_visible:
        hidden.update(REAL_NAME_FIELDS)
    if not profile.location_visible:
        hidden.update(LOCATION_FIELDS)
    return tuple(name for name in FULL_FIELDS if name not in hidden)


def profile_for_viewer(*, user: User, viewer) -> ProfileView:
    """`user` must come from `user_with_profile` (it carries the follower counts)."""
    profile = user.profile
    visible = profile_visible_fields(profile=profile, viewer=viewer)
    values = {"username": user.username, "follower_count": user.follower_count, "following_count": user.following_count}
    if "sponsor_logos" in visible:
        values["sponsor_logos"] = profile.sponsor_logos.all()  # read only by a page that shows them
    fields = {name: values[name] if name in values else getattr(profile, name) for name in visible}
    is_owner = viewer.is_authenticated and viewer.pk == user.pk
    is_following = (
        viewer.is_authenticated and not is_owner and Follow.objects.filter(follower=viewer, creator=user).exists()
    )
    return ProfileView(
        user=user,
        profile=profile,
        is_full="bio" in fields,
        is_owner=is_owner,
        is_following=is_following,
        fields=fields,
    )


def creator_directory(*, viewer=None) -> QuerySet[User]:
    """Athletes to discover: higher tiers first, then by followers. Private profiles are left out."""
    tier_rank = Case(
        *(When(profile__verification_tier=code, then=Value(spec.rank)) for code, spec in TIERS.items()),
        output_field=IntegerField(),
    )
    queryset = (
        User.objects.filter(is_active=True, is_staff=False)
        .exclude(profile__profile_visibility=ProfileVisibility.PRIVATE)
        .select_related("profile")
        .annotate(follower_count=Count("followers", distinct=True), tier_rank=tier_rank)
        .order_by("-tier_rank", "-follower_count", "username")
    )
    if viewer is not None and viewer.is_authenticated:
        queryset = queryset.annotate(
            viewer_follows=Exists(Follow.objects.filter(follower=viewer, creator=OuterRef("pk")))
        )
    return queryset


def verification_requests_of(*, user: User) -> QuerySet[VerificationRequest]:
    return VerificationRequest.objects.filter(user=user).prefetch_related("documents")


def verification_document_for(*, document_id: int, reader: User) -> VerificationDocument | None:
    """The document if `reader` may read it; None alike when it does not exist and when they may
    not, so nobody learns which documents exist."""
    document = VerificationDocument.objects.select_related("request").filter(pk=document_id).first()
    if document is None or not may_read_verification_document(user=reader, document=document):
        return None
    return document


def pending_verification_request(*, user: User) -> VerificationRequest | None:
    return VerificationRequest.objects.filter(user=user, status=VerificationStatus.PENDING).first()


@dataclass
class TierOption:
    """One tier as the verification page offers it to a user."""

    spec: TierSpec
    is_current: bool
    can_request: bool
    # Why the tier cannot be requested now, if it cannot.
    blocker: str = ""


def verification_options(*, user: User) -> list[TierOption]:
    profile = AthleteProfile.objects.get(user=user)
    pending = pending_verification_request(user=user)
    options = []
    for spec in TIERS.values():
        if not spec.is_verified:
            continue
        problem = tier_request_problem(profile=profile, spec=spec)
        if pending and not problem:
            blocker = "Wait for the review of your pending request."
        else:
            blocker = problem.detail if problem else ""
        options.append(
            TierOption(
                spec=spec, is_current=spec.tier == profile.verification_tier, can_request=not blocker, blocker=blocker
            )
        )
    return options
