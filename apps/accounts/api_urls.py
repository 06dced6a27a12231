from django.urls import path

from apps.accounts import api

urlpatterns = [
    path("auth/token", api.AuthTokenApi.as_view(), name="api-auth-token"),
    path("me/time-zone", api.TimeZoneApi.as_view(), name="api-time-zone"),
    path("users/me/profile", api.ProfileMeApi.as_view(), name="api-profile-me"),
    path("users/me/sponsors", api.SponsorLogoListApi.as_view(), name="api-sponsors"),
    path("users/me/sponsors/<id:sponsor_id>", api.SponsorLogoApi.as_view(), name="api-sponsor"),
    path("users/<id:user_id>/profile", api.ProfileDetailApi.as_view(), name="api-profile"),
    path("users/<id:user_id>/follow", api.FollowApi.as_view(), name="api-follow"),
    path("verification/tiers", api.VerificationTierListApi.as_view(), name="api-verification-tiers"),
    path("verification/requests", api.VerificationRequestCreateApi.as_view(), name="api-verification-requests"),
]
