from django.urls import path

from apps.shots.api import tracker

urlpatterns = [
    path("streams/<uuid:stream_id>/shots", tracker.StreamShotsApi.as_view(), name="api-stream-shots"),
    path("streams/<uuid:stream_id>/shots/last", tracker.LastShotApi.as_view(), name="api-stream-shots-last"),
    path("streams/<uuid:stream_id>/shots/summary", tracker.ShotSummaryApi.as_view(), name="api-stream-shots-summary"),
]
