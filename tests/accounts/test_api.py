"""`/api/v1/` for accounts: token auth, profiles, follows, verification requests."""

import pytest

from apps.accounts.models import AthleteProfile, Follow, VerificationRequest
from tests.factories import PASSWORD, UserFactory, documents_for, image_upload, make_verifiable

pytestmark = pytest.mark.django_db


def test_token_auth_round_trip(api_client, user):
    response = api_client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/users/me/profile")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_wrong_password_gets_the_error_shape(api_client, user):
    response = api_client.post("/api/v1/auth/token", {"username": user.username, "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "Unable to log in with that username and password.",
    }


def test_anonymous_requests_get_the_error_shape(api_client):
    response = api_client.get("/api/v1/users/me/profile")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_patch_my_profile(auth_api_client):
    response = auth_api_client.patch(
        "/api/v1/users/me/profile", {"display_name": "Ada", "height_inches": 75, "position": "PG"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["display_name"], body["height_inches"], body["position"]) == ("Ada", 75, "PG")
    assert body["profile_visibility"] == "PUBLIC"  # the owner sees their privacy settings


def test_patch_with_bad_values_is_a_400_and_writes_nothing(auth_api_client):
    response = auth_api_client.patch(
        "/api/v1/users/me/profile", {"display_name": "Ada", "height_inches": -3}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "height_inches" in body["errors"]
    assert AthleteProfile.objects.get(user=auth_api_client.user).display_name == ""


def test_patch_cannot_touch_stats(auth_api_client):
    response = auth_api_client.patch("/api/v1/users/me/profile", {"highest_rating": 5000}, format="json")
    assert response.status_code == 200
    assert AthleteProfile.objects.get(user=auth_api_client.user).highest_rating == 1000


def test_photo_upload_by_multipart(auth_api_client):
    response = auth_api_client.patch("/api/v1/users/me/profile", {"photo": image_upload()}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["photo"].startswith("http://testserver/media/profiles/")


def test_non_image_photo_is_refused(auth_api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"<?php evil ?>", content_type="image/png")
    response = auth_api_client.patch("/api/v1/users/me/profile", {"photo": fake}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "photo" in response.json()["errors"]


def test_other_profiles_follow_privacy(api_client):
    athlete = UserFactory()
    make_verifiable(athlete, profile_visibility="PRIVATE", bio="secret")
    body = api_client.get(f"/api/v1/users/{athlete.pk}/profile").json()
    assert body == {
        "id": athlete.pk,
        "is_full": False,
        "is_following": False,
        "username": athlete.username,
        "verification_tier": "UNVERIFIED",
    }


def test_unknown_user_is_a_404_with_the_error_shape(api_client):
    response = api_client.get("/api/v1/users/999999/profile")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_follow_and_unfollow_by_api(auth_api_client):
    creator = UserFactory()
    response = auth_api_client.post(f"/api/v1/users/{creator.pk}/follow")
    assert response.status_code == 201
    assert response.json() == {"following": True, "follower_count": 1}
    response = auth_api_client.delete(f"/api/v1/users/{creator.pk}/follow")
    assert response.json() == {"following": False, "follower_count": 0}
    assert not Follow.objects.exists()


def test_following_yourself_is_a_400(auth_api_client):
    response = auth_api_client.post(f"/api/v1/users/{auth_api_client.user.pk}/follow")
    assert response.status_code == 400
    assert response.json()["code"] == "cannot_follow_self"


def test_verification_request_by_api(auth_api_client):
    make_verifiable(auth_api_client.user)
    response = auth_api_client.post(
        "/api/v1/verification/requests",
        {"tier": "BASIC_VERIFIED", "message": "Please", **documents_for("BASIC_VERIFIED")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "PENDING"
    assert sorted(response.json()["documents"]) == ["face_photo", "government_id", "phone_verification"]


def test_celebrity_request_by_api_is_refused(auth_api_client):
    make_verifiable(auth_api_client.user)
    response = auth_api_client.post("/api/v1/verification/requests", {"tier": "CELEBRITY"}, format="multipart")
    assert response.status_code == 403
    assert response.json()["code"] == "tier_invitation_only"
    assert not VerificationRequest.objects.exists()


def test_request_without_documents_is_a_400(auth_api_client):
    make_verifiable(auth_api_client.user)
    response = auth_api_client.post("/api/v1/verification/requests", {"tier": "BASIC_VERIFIED"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "verification_invalid"
    assert "government_id" in response.json()["errors"]
    assert not VerificationRequest.objects.exists()


def test_tiers_are_listed_for_clients(api_client):
    tiers = api_client.get("/api/v1/verification/tiers").json()
    assert [t["tier"] for t in tiers] == [
        "UNVERIFIED",
        "BASIC_VERIFIED",
        "PREMIUM_VERIFIED",
        "ELITE_VERIFIED",
        "CELEBRITY",
    ]
    assert tiers[2]["monthly_fee_cents"] == 2999
