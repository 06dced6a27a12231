from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_me, name="profile_me"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/sponsors/", views.sponsor_add, name="sponsor_add"),
    path("profile/sponsors/<id:sponsor_id>/remove/", views.sponsor_remove, name="sponsor_remove"),
    path("u/<str:username>/", views.profile_detail, name="profile"),
    path("u/<str:username>/follow/", views.follow_toggle, name="follow"),
    path("verification/", views.verification_index, name="verification"),
    path("verification/request/<str:tier>/", views.verification_request_new, name="verification_request"),
    path("verification/documents/<id:document_id>/", views.verification_document, name="verification_document"),
]
