from django.urls import path

from apps.shots.views import tracker

app_name = "shots"

urlpatterns = [
    path("streams/<uuid:stream_id>/scorekeeper/", tracker.scorekeeper, name="scorekeeper"),
    path("streams/<uuid:stream_id>/scorekeeper/shots/", tracker.record, name="record"),
    path("streams/<uuid:stream_id>/scorekeeper/undo/", tracker.undo, name="undo"),
]
