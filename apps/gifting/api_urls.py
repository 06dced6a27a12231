from django.urls import path

from apps.gifting import api

urlpatterns = [
    path("gifts", api.GiftCatalogApi.as_view(), name="api-gifts"),
    path("streams/<uuid:stream_id>/gifts", api.StreamGiftsApi.as_view(), name="api-stream-gifts"),
    path("streams/<uuid:stream_id>/tips", api.StreamTipsApi.as_view(), name="api-stream-tips"),
    path("streams/<uuid:stream_id>/leaderboard", api.StreamLeaderboardApi.as_view(), name="api-stream-leaderboard"),
    path("users/<id:user_id>/gifts", api.UserGiftsApi.as_view(), name="api-user-gifts"),
]
