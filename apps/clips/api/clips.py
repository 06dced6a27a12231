"""`POST /api/v1/streams/{id}/clips`, `GET|DELETE /api/v1/clips/{id}`."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.clips import selectors
from apps.clips.models import (
    CLIP_DEFAULT_SECONDS,
    CLIP_MAX_SECONDS,
    CLIP_MIN_SECONDS,
    CLIP_WINDOW_SECONDS,
    RECORDING_MAX_SECONDS,
    Clip,
)
from apps.clips.services import clips as services
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_text
from apps.core.serializers import InputSerializer
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for


class ClipInputSerializer(InputSerializer):
    seconds = serializers.IntegerField(
        min_value=CLIP_MIN_SECONDS, max_value=CLIP_MAX_SECONDS, default=CLIP_DEFAULT_SECONDS
    )
    title = column_text(Clip, "title")
    ends_seconds_ago = serializers.IntegerField(min_value=0, max_value=CLIP_WINDOW_SECONDS, default=0)
    start_seconds = serializers.IntegerField(min_value=0, max_value=RECORDING_MAX_SECONDS, required=False)


class ClipSerializer(serializers.ModelSerializer):
    stream = serializers.UUIDField(source="stream_id")
    creator = serializers.CharField(source="creator.username")
    clipped_by = serializers.CharField(source="clipped_by.username", default=None)
    seconds = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    video = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Clip
        fields = ["id", "stream", "creator", "clipped_by", "title", "source", "start_ms", "seconds", "status",
                  "error", "published", "views", "created_at", "ready_at", "page", "video", "thumbnail"]  # fmt: skip

    def get_seconds(self, clip) -> float:
        return clip.duration_ms / 1000

    def get_page(self, clip) -> str:
        return reverse("clips:clip", args=[clip.pk])

    def get_video(self, clip) -> str | None:
        return reverse("clips:video", args=[clip.pk]) if clip.video else None

    def get_thumbnail(self, clip) -> str | None:
        return reverse("clips:thumbnail", args=[clip.pk]) if clip.thumbnail else None


class StreamClipsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ClipInputSerializer,
        responses={201: ClipSerializer, 400: ErrorSerializer, 429: ErrorSerializer, **WATCH_REFUSALS},
    )
    def post(self, request, stream_id):
        """Clip the last `seconds` of a live stream (ending `ends_seconds_ago` before its live edge);
        once the stream has ended, `seconds` of its recording from `start_seconds`. The clip is cut
        in the background: `status` is `pending`, then `ready` or `failed` (the clipper hears `CL`
        on /ws/me/)."""
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        data = ClipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clip = services.clip_create(stream=stream, user=request.user, **data.validated_data)
        return Response(ClipSerializer(clip).data, status=status.HTTP_201_CREATED)


class ClipApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: ClipSerializer, 404: ErrorSerializer})
    def get(self, request, clip_id):
        return Response(ClipSerializer(selectors.clip_for(clip_id=clip_id, viewer=request.user)).data)

    @extend_schema(responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer})
    def delete(self, request, clip_id):
        """The stream's creator deletes a clip of it."""
        services.clip_delete(clip=selectors.clip_for(clip_id=clip_id, viewer=request.user), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
