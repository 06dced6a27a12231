"""Verification tiers, defined once as data (from the product spec).

Everything that shows or checks a tier — badges, the request form, the API, admin — reads
it from here.
"""

from dataclasses import dataclass

from django.db import models


class Tier(models.TextChoices):
    UNVERIFIED = "UNVERIFIED", "Unverified"
    BASIC_VERIFIED = "BASIC_VERIFIED", "Basic verified"
    PREMIUM_VERIFIED = "PREMIUM_VERIFIED", "Premium verified"
    ELITE_VERIFIED = "ELITE_VERIFIED", "Elite verified"
    CELEBRITY = "CELEBRITY", "Celebrity"


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    help_text: str


@dataclass(frozen=True)
class TierSpec:
    tier: Tier
    rank: int
    icon: str
    color: str
    # The badge's text on `color`: at least WCAG AA's 4.5:1 (tests/accounts/test_tier_contrast.py).
    text_color: str
    benefits: tuple[str, ...]
    profile_features: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    # Fiat price in integer minor units (cents); 0 means free.
    monthly_fee_cents: int = 0
    invitation_only: bool = False
    # Verified tiers build on each other: the tier a user must hold before asking for this one.
    prerequisite: Tier | None = None

    @property
    def label(self) -> str:
        return self.tier.label

    @property
    def is_verified(self) -> bool:
        return self.rank > 0


def _req(code: str, label: str, help_text: str) -> Requirement:
    return Requirement(code, label, help_text)


REQUIREMENTS = {
    r.code: r
    for r in (
        _req("government_id", "Government ID", "A photo or scan of a passport, driving licence or national ID card."),
        _req("phone_verification", "Phone verification", "A recent phone bill or carrier statement in your name."),
        _req("face_photo", "Face photo", "A clear selfie of you holding your ID next to your face."),
        _req("bank_verification", "Bank verification", "A bank statement showing the account payouts go to."),
        _req("video_call", "Video call", "A short video of you introducing yourself; staff will book the live call."),
        _req("background_check", "Background check", "A background-check certificate issued in the last 6 months."),
        _req(
            "professional_references",
            "Professional references",
            "A letter from a coach, team or league official who can vouch for you.",
        ),
        _req("skill_demonstration", "Skill demonstration", "A video clip of your skills (MP4, up to 20 MB)."),
        _req("interview", "Interview", "Your availability for a 20-minute interview with our staff (PDF or image)."),
    )
}

TIERS: dict[str, TierSpec] = {
    spec.tier.value: spec
    for spec in (
        TierSpec(
            tier=Tier.UNVERIFIED,
            rank=0,
            icon="",
            color="#666666",
            text_color="#FFFFFF",
            benefits=(),
            profile_features=("basic_stats", "username_only"),
            requirements=(),
        ),
        TierSpec(
            tier=Tier.BASIC_VERIFIED,
            rank=1,
            icon="✔",
            color="#4A90E2",
            text_color="#000000",
            benefits=("higher_limits", "priority_support"),
            profile_features=("full_stats", "photo_required", "real_name_display"),
            requirements=tuple(REQUIREMENTS[c] for c in ("government_id", "phone_verification", "face_photo")),
        ),
        TierSpec(
            tier=Tier.PREMIUM_VERIFIED,
            rank=2,
            icon="★",
            color="#FFD700",
            text_color="#000000",
            benefits=("instant_payouts", "exclusive_tournaments", "coaching_access"),
            profile_features=("pro_stats", "verified_achievements", "social_features"),
            requirements=tuple(REQUIREMENTS[c] for c in ("bank_verification", "video_call", "background_check")),
            monthly_fee_cents=2999,
            prerequisite=Tier.BASIC_VERIFIED,
        ),
        TierSpec(
            tier=Tier.ELITE_VERIFIED,
            rank=3,
            icon="♛",
            color="#FF6B35",
            text_color="#000000",
            benefits=("tournament_creation", "revenue_sharing", "brand_partnerships"),
            profile_features=("elite_profile", "custom_branding", "analytics_dashboard"),
            requirements=tuple(
                REQUIREMENTS[c] for c in ("professional_references", "skill_demonstration", "interview")
            ),
            monthly_fee_cents=9999,
            prerequisite=Tier.PREMIUM_VERIFIED,
        ),
        TierSpec(
            tier=Tier.CELEBRITY,
            rank=4,
            icon="✪",
            color="#E91E63",
            text_color="#000000",
            benefits=("custom_events", "media_features", "promotional_tools"),
            profile_features=("celebrity_profile", "fan_engagement", "merchandise"),
            requirements=(),
            invitation_only=True,
        ),
    )
}


def humanize(code: str) -> str:
    """`instant_payouts` → `Instant payouts`, for benefit and feature codes."""
    return code.replace("_", " ").capitalize()
