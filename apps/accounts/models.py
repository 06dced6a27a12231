from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from apps.accounts import validators
from apps.accounts.tiers import TIERS, Tier, TierSpec
from apps.core.private_files import private_storage
from apps.core.upload_fields import DocumentUploadField, ImageUploadField


class DominantHand(models.TextChoices):
    RIGHT = "RIGHT", "Right"
    LEFT = "LEFT", "Left"
    AMBIDEXTROUS = "AMBIDEXTROUS", "Ambidextrous"


class PlayingLevel(models.TextChoices):
    RECREATIONAL = "RECREATIONAL", "Recreational"
    HIGH_SCHOOL = "HIGH_SCHOOL", "High school"
    JUNIOR_COLLEGE = "JUNIOR_COLLEGE", "Junior college"
    COLLEGE_D3 = "COLLEGE_D3", "College (NCAA D3)"
    COLLEGE_D2 = "COLLEGE_D2", "College (NCAA D2)"
    COLLEGE_D1 = "COLLEGE_D1", "College (NCAA D1)"
    SEMI_PRO = "SEMI_PRO", "Semi-professional"
    PROFESSIONAL = "PROFESSIONAL", "Professional"


class Position(models.TextChoices):
    POINT_GUARD = "PG", "Point guard"
    SHOOTING_GUARD = "SG", "Shooting guard"
    SMALL_FORWARD = "SF", "Small forward"
    POWER_FORWARD = "PF", "Power forward"
    CENTER = "C", "Center"


class ProfileVisibility(models.TextChoices):
    PUBLIC = "PUBLIC", "Public: everyone"
    VERIFIED_ONLY = "VERIFIED_ONLY", "Verified members only"
    PRIVATE = "PRIVATE", "Private: only my username"


class User(AbstractUser):
    """The account. Athletic and public details live on AthleteProfile."""

    email = models.EmailField("email address", unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    @property
    def tier(self) -> TierSpec:
        return self.profile.tier

    @property
    def public_name(self) -> str:
        """The name shown next to the badge everywhere; a private profile shows only the username."""
        profile = self.profile
        if profile.profile_visibility == ProfileVisibility.PRIVATE:
            return self.username
        return profile.display_name or self.username


def profile_photo_path(instance, filename: str) -> str:
    return f"profiles/{instance.user_id}/{filename}"


class AthleteProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")

    # Identity and verification
    real_first_name = models.CharField(max_length=50, blank=True)
    real_last_name = models.CharField(max_length=50, blank=True)
    display_name = models.CharField(max_length=100, blank=True)
    photo = ImageUploadField(upload_to=profile_photo_path, blank=True)
    verification_tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.UNVERIFIED)
    verification_date = models.DateTimeField(null=True, blank=True)

    # Physical
    height_inches = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(36), MaxValueValidator(100)]
    )
    weight_pounds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(500)]
    )
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(13), MaxValueValidator(100)]
    )
    dominant_hand = models.CharField(max_length=12, choices=DominantHand.choices, blank=True)
    years_playing = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(80)])

    # Basketball background
    highest_level_played = models.CharField(max_length=20, choices=PlayingLevel.choices, blank=True)
    position = models.CharField(max_length=2, choices=Position.choices, blank=True)
    college_team = models.CharField(max_length=100, blank=True)
    professional_team = models.CharField(max_length=100, blank=True)
    coach_certifications = models.JSONField(default=list, blank=True, validators=[validators.validate_certifications])

    # Performance, written by tournaments, ratings and the shot tracker, never by the profile form
    career_shooting_percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Per shot type, written by the shot tracker: {code: {"name", "short", "made", "att", "pct"}}.
    career_shooting_by_type = models.JSONField(default=dict, blank=True)
    career_games_played = models.PositiveIntegerField(default=0)
    career_prize_money_cents = models.PositiveBigIntegerField(default=0)
    highest_rating = models.PositiveIntegerField(default=1000)
    current_streak = models.IntegerField(default=0)
    longest_win_streak = models.PositiveIntegerField(default=0)

    # Social and branding
    bio = models.TextField(max_length=1000, blank=True)
    hometown = models.CharField(max_length=100, blank=True)
    social_links = models.JSONField(default=dict, blank=True, validators=[validators.validate_social_links])
    # Sponsor logos are rows of their own (SponsorLogo, `sponsor_logos`): images uploaded to us.
    theme_colors = models.JSONField(default=dict, blank=True, validators=[validators.validate_theme_colors])

    # The viewer's own: times are shown in it (apps.accounts.timezones). Empty: not known yet (UTC).
    time_zone = models.CharField(max_length=64, blank=True, validators=[validators.validate_time_zone])

    # Privacy
    profile_visibility = models.CharField(
        max_length=20, choices=ProfileVisibility.choices, default=ProfileVisibility.PUBLIC
    )
    real_name_visible = models.BooleanField(default=True)
    location_visible = models.BooleanField(default=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["verification_tier"])]

    def __str__(self) -> str:
        return f"Profile of {self.user.username}"

    @property
    def tier(self) -> TierSpec:
        return TIERS[self.verification_tier]

    @property
    def is_verified(self) -> bool:
        return self.tier.is_verified


# Logos one profile shows.
SPONSORS_MAX = 10


def sponsor_logo_path(instance, filename: str) -> str:
    return f"sponsors/{instance.profile.user_id}/{filename}"


class SponsorLogo(models.Model):
    """A sponsor's logo on a profile: an image uploaded to us, cleaned and kept in our own public
    media, so a visitor's browser never asks a third party for it. `link` is only where the logo
    leads when clicked, never something a page loads."""

    profile = models.ForeignKey(AthleteProfile, on_delete=models.CASCADE, related_name="sponsor_logos")
    name = models.CharField(max_length=60)
    image = ImageUploadField(upload_to=sponsor_logo_path)
    link = models.URLField(max_length=300, blank=True, validators=[validators.validate_web_link])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} on {self.profile}"


class Follow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    # Whether the follower wants to hear when the creator goes live.
    notify = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "creator"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("creator")), name="follow_not_self"),
        ]
        indexes = [models.Index(fields=["creator", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.creator_id}"


class VerificationStatus(models.TextChoices):
    PENDING = "PENDING", "Pending review"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"


class VerificationRequest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_requests")
    tier = models.CharField(max_length=20, choices=Tier.choices)
    status = models.CharField(max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.PENDING)
    message = models.TextField("note to reviewers", max_length=1000, blank=True)
    # Staff grants (CELEBRITY is invitation-only) are recorded as requests approved at once.
    is_staff_grant = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="PENDING"),
                name="one_pending_verification_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_tier_display()} ({self.get_status_display()})"

    @property
    def tier_spec(self) -> TierSpec:
        return TIERS[self.tier]


def verification_document_path(instance, filename: str) -> str:
    # `filename` is the unguessable name apps.core.uploads gave the file.
    return f"verification/{instance.request.user_id}/{filename}"


class VerificationDocument(models.Model):
    request = models.ForeignKey(VerificationRequest, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(max_length=40)
    # Private: read only through the verification document view (owner, staff, moderators).
    file = DocumentUploadField(storage=private_storage, upload_to=verification_document_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "requirement"], name="one_document_per_requirement")]

    def __str__(self) -> str:
        return f"{self.requirement} for request {self.request_id}"


# --- Sign-up addresses (moderation: "abuse beyond one message") ---------------------------------
# Accounts one address may open in SIGNUP_WINDOW; past it the sign-up form refuses.
SIGNUPS_PER_ADDRESS = 5
# That many accounts from one address within SIGNUP_WINDOW are a burst: each is flagged for moderators.
SIGNUP_BURST_SIZE = 3
SIGNUP_WINDOW = timedelta(hours=1)


class SignupAddress(models.Model):
    """The address an account was opened from, kept for the per-address sign-up limit and for the
    moderators' burst flag (shown in the desk's user lookup and its "Signup bursts" panel)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_address")
    address = models.GenericIPAddressField()
    created_at = models.DateTimeField(auto_now_add=True)
    # One of SIGNUP_BURST_SIZE or more accounts opened from this address within SIGNUP_WINDOW.
    in_burst = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["address", "-created_at"]),
            models.Index(fields=["-created_at"], condition=models.Q(in_burst=True), name="signup_bursts"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} from {self.address}"
