"""`POST /api/v1/streams/{id}/shots`, `DELETE /api/v1/streams/{id}/shots/last`,
`GET /api/v1/streams/{id}/shots/summary`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_integer, column_text
from apps.core.serializers import InputSerializer
from apps.shots.models import Shot, ShotType
from apps.shots.selectors.tracker import shot_summary
from apps.shots.services.tracker import shot_record, shot_undo_last
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for, watchable_stream_for

KEEPER_REFUSALS = {
    400: ErrorSerializer,
    403: OpenApiResponse(ErrorSerializer, description="`not_scorekeeper`: only the creator and channel moderators."),
    404: OpenApiResponse(ErrorSerializer, description="`stream_not_found`: no such stream (or a private one)."),
    409: OpenApiResponse(
        ErrorSerializer, description="`stream_not_live`, `nothing_to_undo` or `shot_settled_challenge`."
    ),
}


class ShotInputSerializer(InputSerializer):
    type = column_text(ShotType, "code")
    made = serializers.BooleanField()
    x = column_integer(Shot, "x", required=False, allow_null=True, default=None)
    y = column_integer(Shot, "y", required=False, allow_null=True, default=None)


class ShotSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="shot_type.code")

    class Meta:
        model = Shot
        fields = ["id", "type", "made", "x", "y", "created_at", "undone_at"]


class TypeStatsSerializer(serializers.Serializer):
    code = serializers.CharField()
    short = serializers.CharField()
    name = serializers.CharField()
    made = serializers.IntegerField()
    att = serializers.IntegerField()
    pct = serializers.IntegerField(allow_null=True, help_text="Whole percent this stream; null before an attempt.")
    career = serializers.IntegerField(allow_null=True, help_text="The creator's career percentage for the type.")


class LastShotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    made = serializers.BooleanField()


class ShotSummarySerializer(serializers.Serializer):
    v = serializers.IntegerField(help_text="When the numbers last changed (ms); orders ST frames.")
    types = TypeStatsSerializer(many=True)
    streak = serializers.IntegerField(help_text="Makes in a row now.")
    made = serializers.IntegerField()
    att = serializers.IntegerField()
    pct = serializers.IntegerField(allow_null=True)
    last = LastShotSerializer(allow_null=True)


class ShotRecordedSerializer(serializers.Serializer):
    shot = ShotSerializer()
    summary = ShotSummarySerializer()


def _keepers_answer(stream, shot, code: int) -> Response:
    body = {"shot": shot, "summary": shot_summary(stream)}
    return Response(ShotRecordedSerializer(body).data, status=code)


class StreamShotsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ShotInputSerializer, responses={201: ShotRecordedSerializer, **KEEPER_REFUSALS})
    def post(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        data = ShotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        shot = shot_record(stream=stream, by=request.user, shot_type=fields.pop("type"), **fields)
        return _keepers_answer(stream, shot, status.HTTP_201_CREATED)


class LastShotApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ShotRecordedSerializer, **KEEPER_REFUSALS})
    def delete(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        return _keepers_answer(stream, shot_undo_last(stream=stream, by=request.user), status.HTTP_200_OK)


class ShotSummaryApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ShotSummarySerializer, **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        return Response(ShotSummarySerializer(shot_summary(stream)).data)
