"""`/api/v1/streams/{id}/challenges` (a viewer challenges the creator to a shot, paying coins into
escrow) and `/api/v1/shot-challenges/{id}/accept|decline|attempt` (the channel's team answers)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_integer, column_text
from apps.core.serializers import InputSerializer
from apps.shots.errors import ShotChallengeNotFound
from apps.shots.models import ShotChallenge, ShotType
from apps.shots.selectors.challenges import challenge_detail
from apps.shots.services import challenges as services
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for
from apps.streaming.serializers import CreatorSerializer
from apps.wallet.api import IDEMPOTENCY_KEY
from apps.wallet.idempotency import idempotent_call
from apps.wallet.selectors import balance_of


class ShotChallengeInputSerializer(InputSerializer):
    text = column_text(ShotChallenge, "text", help_text='The shot, e.g. "half-court shot".')
    coins = column_integer(ShotChallenge, "coins", help_text="At least the creator's minimum.")
    type = column_text(ShotType, "code", required=False, help_text="The kind of shot asked for (a shot type's code).")


class ShotChallengeAttemptSerializer(InputSerializer):
    made = serializers.BooleanField()
    type = column_text(
        ShotType, "code", required=False, help_text="The kind of shot recorded; default: the one the challenger named."
    )


class ShotChallengeSerializer(serializers.ModelSerializer):
    challenger = CreatorSerializer()
    stream = serializers.UUIDField(source="stream_id")
    type = serializers.CharField(source="shot_type.code", allow_null=True, default=None)
    shot = serializers.IntegerField(source="shot_id", allow_null=True)

    class Meta:
        model = ShotChallenge
        fields = ["id", "stream", "status", "text", "coins", "type", "challenger", "made", "shot", "expires_at",
                  "created_at", "decided_at"]  # fmt: skip


def challenge_or_404(challenge_id: int) -> ShotChallenge:
    challenge = challenge_detail(challenge_id=challenge_id)
    if challenge is None:
        raise ShotChallengeNotFound("No such shot challenge.")
    return challenge


def _answer(challenge: ShotChallenge, code: int = status.HTTP_200_OK) -> Response:
    return Response(ShotChallengeSerializer(challenge_or_404(challenge.pk)).data, status=code)


class StreamChallengesApi(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=ShotChallengeInputSerializer,
        responses={201: ShotChallengeSerializer, 400: ErrorSerializer, 409: ErrorSerializer, **WATCH_REFUSALS},
        description="Challenge the creator to a shot: the coins are held in escrow until it is attempted (then "
        "the creator is paid), declined or not attempted within 30 minutes (then they come back).",
    )
    def post(self, request, stream_id):
        def challenge():
            stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
            data = ShotChallengeInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            made = services.shot_challenge_create(
                stream=stream,
                challenger=request.user,
                text=values["text"],
                coins=values["coins"],
                shot_type=values.get("type"),
            )
            body = ShotChallengeSerializer(challenge_or_404(made.pk)).data | {"balance": balance_of(user=request.user)}
            return Response(body, status=status.HTTP_201_CREATED)

        return idempotent_call(request, endpoint=f"streams.challenges:{stream_id}", handler=challenge)


class ChallengeAnswerApi(APIView):
    """accept or decline: one URL pattern, one service each."""

    @extend_schema(
        request=None,
        responses={200: ShotChallengeSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, challenge_id: int, action: str):
        challenge = services.TEAM_ACTIONS[action](challenge=challenge_or_404(challenge_id), by=request.user)
        return _answer(challenge)


class ChallengeAttemptApi(APIView):
    @extend_schema(
        request=ShotChallengeAttemptSerializer,
        responses={200: ShotChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="The accepted challenge was attempted, made or missed: the shot is recorded and the creator "
        "paid either way.",
    )
    def post(self, request, challenge_id: int):
        data = ShotChallengeAttemptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        challenge = services.shot_challenge_attempt(
            challenge=challenge_or_404(challenge_id),
            by=request.user,
            made=data.validated_data["made"],
            shot_type=data.validated_data.get("type"),
        )
        return _answer(challenge)
