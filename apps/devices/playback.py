"""Who gets a stream's picture: HLS playlists and segments, and recordings (VODs).

Every answer goes through apps.streaming.rules.watch_problem, signed in by session or API token.
In production nginx serves /hls/ from disk after asking `GET /hls/authorize` (its auth_request,
the original address in X-Original-URI) and sends recordings from private storage when a view
here allowed it (X-Accel-Redirect); in the embedded default Django serves both itself.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.static import serve
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.authentication import TokenAuthentication
from apps.core.private_files import private_file_response
from apps.devices import selectors
from apps.streaming import rules
from apps.streaming.errors import PaymentRequired, StreamNotFound
from apps.streaming.selectors import stream_for, watchable_stream_for


class _AnyAccept(BaseContentNegotiation):
    """A player's or nginx's Accept header has no say: the answer is a file, a bare status, or a
    JSON error."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _PlaybackView(APIView):
    schema = None  # infrastructure, not part of the product's API
    # The token first: a bad one is then a 401 (sign in again), not DRF's 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _AnyAccept


def _check_hls(request, file_name: str) -> None:
    """Raise why this request may not have the HLS file `file_name`: 404 for a name no camera
    has, else the rule's answer, with paying a 403 (nginx's auth_request passes on 401 and 403 only)."""
    angle = selectors.hls_angle(file_name=file_name)
    if angle is None:
        raise StreamNotFound("No such stream.")
    if problem := rules.watch_problem(angle.stream, request.user):
        if problem.status == PaymentRequired.status:
            problem.status = 403
        raise problem


class HlsAuthorizeView(_PlaybackView):
    """nginx's auth_request for /hls/: 204 when the viewer may watch the stream the file in
    X-Original-URI belongs to, 401 when signing in would help, 403 otherwise, 404 for an unknown name."""

    def get(self, request):
        path = urlsplit(request.headers.get("X-Original-URI", "")).path
        if not path.startswith(settings.HLS_URL):
            raise StreamNotFound("No such stream.")
        _check_hls(request, path.removeprefix(settings.HLS_URL))
        return Response(status=204)


class HlsFileView(_PlaybackView):
    """HLS playlists and segments in the embedded default (nginx serves them in production), under
    the same rule. Playlists change every second: never cached. Segment names are never reused,
    but paid segments stay out of shared caches."""

    def get(self, request, path):
        _check_hls(request, path)
        response = serve(request, path, document_root=Path(settings.MEDIA_SERVER_ROOT) / "hls")
        if path.endswith(".m3u8"):
            add_never_cache_headers(response)
            response["Content-Type"] = "application/vnd.apple.mpegurl"
        else:
            patch_cache_control(response, private=True)
        return response


class RecordingVideoView(_PlaybackView):
    """A recording's MP4, to those who may watch its stream."""

    def get(self, request, stream_id, recording_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        recording = selectors.stream_recording(stream=stream, recording_id=recording_id, part="video")
        return private_file_response(recording.video.name, content_type="video/mp4")


class RecordingPosterView(_PlaybackView):
    """A recording's still frame, to anyone who may know its stream exists: it shows no more than
    the stream's own thumbnail, which is taken from it when the creator uploaded none."""

    def get(self, request, stream_id, recording_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user)
        recording = selectors.stream_recording(stream=stream, recording_id=recording_id, part="thumbnail")
        return private_file_response(recording.thumbnail.name, content_type="image/jpeg")
