"""Profiles: creation, validated edits, and follows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts import services
from apps.accounts.errors import CannotFollowSelf, ProfileInvalid
from apps.accounts.models import AthleteProfile, Follow
from apps.accounts.tiers import Tier
from tests.factories import UserFactory, image_upload, make_verifiable

pytestmark = pytest.mark.django_db


def test_every_new_user_gets_a_profile_with_spec_defaults():
    profile = UserFactory().profile
    assert profile.verification_tier == Tier.UNVERIFIED
    assert profile.highest_rating == 1000
    assert profile.profile_visibility == "PUBLIC"
    assert profile.real_name_visible
    assert profile.location_visible


def test_profile_update_saves_editable_fields(user):
    services.profile_update(
        profile=user.profile,
        data={
            "display_name": "Ada Hoops",
            "height_inches": 74,
            "dominant_hand": "LEFT",
            "social_links": {"instagram": "https://instagram.com/ada"},
            "theme_colors": {"primary": "#112233"},
            "coach_certifications": ["USA Basketball Gold"],
        },
    )
    profile = AthleteProfile.objects.get(user=user)
    assert (profile.display_name, profile.height_inches, profile.dominant_hand) == ("Ada Hoops", 74, "LEFT")
    assert profile.social_links == {"instagram": "https://instagram.com/ada"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"height_inches": -5}, "height_inches"),
        ({"height_inches": 300}, "height_inches"),
        ({"age": 5}, "age"),
        ({"dominant_hand": "FOOT"}, "dominant_hand"),
        ({"social_links": {"instagram": "javascript:alert(1)"}}, "social_links"),
        ({"social_links": {"myspace": "https://myspace.com/a"}}, "social_links"),
        ({"theme_colors": {"primary": "red"}}, "theme_colors"),
        ({"sponsor_logos": [{"name": "", "url": "https://x.test/a.png"}]}, "sponsor_logos"),
        ({"coach_certifications": ["x" * 101]}, "coach_certifications"),
        ({"photo": SimpleUploadedFile("a.png", b"not an image", content_type="image/png")}, "photo"),
    ],
)
def test_bad_profile_values_are_refused_and_nothing_is_saved(user, data, field):
    with pytest.raises(ProfileInvalid) as error:
        services.profile_update(profile=user.profile, data={"display_name": "Changed", **data})
    assert error.value.field == field
    assert AthleteProfile.objects.get(user=user).display_name == ""


def test_oversized_photo_is_refused(user, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 100
    with pytest.raises(ProfileInvalid) as error:
        services.profile_update(profile=user.profile, data={"photo": image_upload(size=(400, 400))})
    assert (error.value.field, "too large" in error.value.detail) == ("photo", True)


def test_stats_and_tier_are_not_editable_by_the_owner(user):
    for field in ("verification_tier", "highest_rating"):
        with pytest.raises(ProfileInvalid) as error:
            services.profile_update(profile=user.profile, data={"display_name": "Changed", field: 1})
        assert error.value.field == field
    assert AthleteProfile.objects.get(user=user).display_name == ""


def test_verified_athletes_keep_their_photo():
    staff = UserFactory(is_staff=True)
    user = UserFactory()
    make_verifiable(user)
    services.verification_tier_grant(user=user, tier=Tier.BASIC_VERIFIED, granted_by=staff, reason="test")
    user.profile.refresh_from_db()
    with pytest.raises(ProfileInvalid, match="photo"):
        services.profile_update(profile=user.profile, data={"photo": ""})


def test_follow_and_unfollow():
    fan, creator = UserFactory(), UserFactory()
    follow = services.follow_create(follower=fan, creator=creator)
    assert follow.notify is True
    again = services.follow_create(follower=fan, creator=creator, notify=False)
    assert again.pk == follow.pk
    assert again.notify is False
    assert Follow.objects.filter(creator=creator).count() == 1
    assert services.follow_delete(follower=fan, creator=creator) is True
    assert services.follow_delete(follower=fan, creator=creator) is False
    assert not Follow.objects.exists()


def test_nobody_follows_themselves(user):
    with pytest.raises(CannotFollowSelf):
        services.follow_create(follower=user, creator=user)
    assert not Follow.objects.exists()
