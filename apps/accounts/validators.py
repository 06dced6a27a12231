"""Field validators for the athlete profile. They sit on the model fields, so the profile
form, the API and admin all apply the same rules."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from apps.accounts.timezones import is_known
from apps.core.uploads import clean_image

SOCIAL_PLATFORMS = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "x": "X (Twitter)",
    "twitch": "Twitch",
    "facebook": "Facebook",
    "website": "Website",
}
THEME_KEYS = ("primary", "secondary")
_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_http_url = URLValidator(schemes=["http", "https"])


def validate_profile_photo(upload) -> None:
    """Kept for migration 0001, which names it; the photo field now cleans its uploads itself
    (apps.core.upload_fields)."""
    clean_image(upload, max_bytes=settings.PROFILE_PHOTO_MAX_BYTES)


def _check_url(value, what: str) -> None:
    if not isinstance(value, str) or len(value) > 300:
        raise ValidationError(f"{what} must be a web address of at most 300 characters.")
    try:
        _http_url(value)
    except ValidationError:
        raise ValidationError(f"{what} must be an http(s) address.") from None


def validate_social_links(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Social links must map a platform to a web address.")
    unknown = sorted(set(value) - set(SOCIAL_PLATFORMS))
    if unknown:
        raise ValidationError(f"Unknown platform {unknown[0]!r}; use one of {', '.join(SOCIAL_PLATFORMS)}.")
    for platform, url in value.items():
        _check_url(url, f"The {platform} link")


def validate_time_zone(value) -> None:
    if value and not is_known(value):
        raise ValidationError("Unknown time zone: choose one such as Europe/London or America/New_York.")


def validate_web_link(value) -> None:
    """An http(s) address, for a link a visitor may follow (a sponsor's site)."""
    if value:
        _check_url(value, "The link")


def validate_sponsor_logos(value) -> None:
    """Kept for migration 0001, which names it: sponsor logos are uploaded images now (SponsorLogo)."""
    if not isinstance(value, list) or len(value) > 10:
        raise ValidationError("Sponsor logos must be a list of at most 10 entries.")
    for logo in value:
        if not isinstance(logo, dict) or not isinstance(logo.get("name"), str) or not logo["name"].strip():
            raise ValidationError("Each sponsor logo needs a name and an image address.")
        _check_url(logo.get("url"), f"The logo of {logo['name']}")


def validate_theme_colors(value) -> None:
    if not isinstance(value, dict) or set(value) - set(THEME_KEYS):
        raise ValidationError("Theme colours take only 'primary' and 'secondary'.")
    for key, color in value.items():
        if not isinstance(color, str) or not _HEX_COLOR.match(color):
            raise ValidationError(f"The {key} colour must look like #1A2B3C.")


def validate_certifications(value) -> None:
    if not isinstance(value, list) or len(value) > 20:
        raise ValidationError("Coach certifications must be a list of at most 20 entries.")
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > 100:
            raise ValidationError("Each certification must be a non-empty text of at most 100 characters.")
