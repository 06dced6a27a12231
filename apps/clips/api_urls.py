from django.urls import path

from apps.clips.api import clips

urlpatterns = [
    path("streams/<uuid:stream_id>/clips", clips.StreamClipsApi.as_view(), name="api-stream-clips"),
    path("clips/<uuid:clip_id>", clips.ClipApi.as_view(), name="api-clip"),
]
