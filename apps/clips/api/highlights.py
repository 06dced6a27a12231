"""`GET /api/v1/streams/{id}/highlights` and `POST /api/v1/highlights/{id}/publish|discard`: the
creator's review queue."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.clips import rules, selectors
from apps.clips.models import Clip, Highlight
from apps.clips.services import highlights as services
from apps.core.api_errors import ErrorSerializer
from apps.streaming.selectors import stream_for

REVIEW_ACTIONS = {"publish": services.highlight_publish, "discard": services.highlight_discard}


class HighlightClipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clip
        fields = ["id", "title", "status", "published"]


class HighlightSerializer(serializers.ModelSerializer):
    confidence = serializers.FloatField()
    clip = HighlightClipSerializer(allow_null=True)

    class Meta:
        model = Highlight
        fields = [
            "id", "kind", "start_offset_seconds", "duration_seconds", "confidence", "excitement", "evidence",
            "processed", "review", "reviewed_at", "created_at", "clip",
        ]  # fmt: skip


class StreamHighlightsApi(APIView):
    @extend_schema(responses={200: HighlightSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        if problem := rules.highlights_review_problem(stream, request.user):
            raise problem
        return Response(HighlightSerializer(selectors.stream_highlights(stream), many=True).data)


class HighlightReviewApi(APIView):
    """publish or discard: one URL pattern, one service each."""

    @extend_schema(
        request=None,
        responses={200: HighlightSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, highlight_id: int, action: str):
        highlight = REVIEW_ACTIONS[action](
            highlight=selectors.highlight_for(highlight_id=highlight_id), by=request.user
        )
        return Response(HighlightSerializer(selectors.highlight_for(highlight_id=highlight.pk)).data)
