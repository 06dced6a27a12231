from django.conf import settings
from django.urls import path, re_path

from apps.devices import hooks, playback, views

app_name = "devices"

urlpatterns = [
    path("hooks/rtmp/<str:secret>/<str:call>", hooks.rtmp_hook, name="rtmp_hook"),
    path("devices/", views.device_list, name="list"),
    path("devices/<id:device_id>/", views.device_detail, name="detail"),
    path("devices/<id:device_id>/rotate-key/", views.key_rotate, name="key_rotate"),
    path("devices/<id:device_id>/revoke-key/", views.key_revoke, name="key_revoke"),
    path("streams/<uuid:stream_id>/cameras/", views.angle_attach, name="angle_attach"),
    path("streams/<uuid:stream_id>/cameras/<id:device_id>/detach/", views.angle_detach, name="angle_detach"),
    path(
        "streams/<uuid:stream_id>/recordings/<id:recording_id>.mp4",
        playback.RecordingVideoView.as_view(),
        name="recording_video",
    ),
    path(
        "streams/<uuid:stream_id>/recordings/<id:recording_id>.jpg",
        playback.RecordingPosterView.as_view(),
        name="recording_poster",
    ),
    # nginx's auth_request for /hls/ (deploy/): no trailing slash, the file in X-Original-URI.
    path("hls/authorize", playback.HlsAuthorizeView.as_view(), name="hls_authorize"),
]

if settings.SERVE_FILES:
    # The embedded default serves HLS itself; in production nginx serves MEDIA_SERVER_ROOT/hls.
    urlpatterns.append(
        re_path(r"^hls/(?P<path>[A-Za-z0-9_-]+\.(?:m3u8|ts))$", playback.HlsFileView.as_view(), name="hls")
    )
