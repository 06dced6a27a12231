"""Profile privacy, decided by one selector for pages and API alike."""

import pytest

from apps.accounts import selectors, services
from apps.accounts.selectors import FULL_FIELDS, MINIMAL_FIELDS
from apps.accounts.tiers import Tier
from tests.factories import UserFactory, make_verifiable

pytestmark = pytest.mark.django_db


@pytest.fixture
def athlete():
    user = UserFactory()
    make_verifiable(user, hometown="Chicago", bio="Shooter")
    return user


@pytest.fixture
def verified_viewer():
    viewer = UserFactory()
    make_verifiable(viewer)
    services.verification_tier_grant(
        user=viewer, tier=Tier.BASIC_VERIFIED, granted_by=UserFactory(is_staff=True), reason="test"
    )
    return viewer


def _view(user, viewer):
    return selectors.profile_for_viewer(user=selectors.user_with_profile(user_id=user.pk), viewer=viewer)


def _set(user, **data):
    services.profile_update(profile=user.profile, data=data)


def test_public_profile_is_full_for_anyone(athlete, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    view = _view(athlete, AnonymousUser())
    assert view.is_full
    assert set(view.fields) == set(FULL_FIELDS)
    assert view.fields["hometown"] == "Chicago"


def test_private_profile_shows_only_the_username(athlete):
    _set(athlete, profile_visibility="PRIVATE")
    view = _view(athlete, UserFactory())
    assert not view.is_full
    assert set(view.fields) == set(MINIMAL_FIELDS)
    assert view.fields["username"] == athlete.username


def test_verified_only_profile_needs_a_verified_viewer(athlete, verified_viewer):
    _set(athlete, profile_visibility="VERIFIED_ONLY")
    assert not _view(athlete, UserFactory()).is_full
    assert _view(athlete, verified_viewer).is_full


def test_owner_and_staff_always_see_everything(athlete):
    _set(athlete, profile_visibility="PRIVATE", real_name_visible=False)
    own = _view(athlete, athlete)
    assert own.is_full
    assert own.is_owner
    assert own.fields["profile_visibility"] == "PRIVATE"
    staff = _view(athlete, UserFactory(is_staff=True))
    assert staff.is_full
    assert "profile_visibility" not in staff.fields


def test_real_name_and_location_can_be_hidden(athlete):
    _set(athlete, real_name_visible=False, location_visible=False)
    view = _view(athlete, UserFactory())
    assert view.is_full
    assert "real_first_name" not in view.fields
    assert "real_last_name" not in view.fields
    assert "hometown" not in view.fields


def test_follower_counts(athlete):
    fans = UserFactory.create_batch(3)
    for fan in fans:
        services.follow_create(follower=fan, creator=athlete)
    view = _view(athlete, fans[0])
    assert view.fields["follower_count"] == 3
    assert view.fields["following_count"] == 0
    assert view.is_following
