"""`/api/v1/streams/{id}/points[/claim]`, `/api/v1/streams/{id}/predictions`,
`/api/v1/predictions/{id}[/stake|lock|resolve|cancel]`."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.predictions import events, selectors
from apps.predictions.errors import PredictionNotFound
from apps.predictions.serializers import (
    ClaimSerializer,
    PointsSerializer,
    PredictionOpenInputSerializer,
    PredictionStateSerializer,
    ResolveInputSerializer,
    StakeInputSerializer,
)
from apps.predictions.services import points, predictions
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.rules import watch_problem
from apps.streaming.selectors import stream_for, watchable_stream_for

REFUSALS = {400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer, **WATCH_REFUSALS}


def _points(user, stream) -> dict:
    return events.points_payload(selectors.points_state(user=user, channel=stream.creator))


def prediction_state(prediction_id, user) -> dict:
    """The prediction as the PR frame carries it, with the user's own stake; PredictionNotFound when
    it does not exist or its stream may not be watched by `user`."""
    prediction = selectors.prediction_detail(prediction_id)
    if prediction is None or watch_problem(prediction.stream, user):
        raise PredictionNotFound("No such prediction.")
    stake = selectors.my_stake(prediction, user)
    mine = stake and {"outcome_id": stake.outcome_id, "points": stake.points, "paid_out": stake.paid_out}
    return {**events.prediction_payload(prediction), "mine": mine or None}


class StreamPointsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PointsSerializer, **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        return Response(_points(request.user, stream))


class StreamPointsClaimApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ClaimSerializer, **REFUSALS})
    def post(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user)
        claimed = points.points_claim(stream=stream, user=request.user)
        return Response({"claimed": claimed, **_points(request.user, stream)})


class StreamPredictionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=PredictionOpenInputSerializer, responses={201: PredictionStateSerializer, **REFUSALS})
    def post(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user)
        data = PredictionOpenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prediction = predictions.prediction_open(stream=stream, by=request.user, **data.validated_data)
        return Response(prediction_state(prediction.pk, request.user), status=status.HTTP_201_CREATED)


class PredictionApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: PredictionStateSerializer, 404: ErrorSerializer})
    def get(self, request, prediction_id):
        return Response(prediction_state(prediction_id, request.user))


class PredictionStakeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=StakeInputSerializer, responses={200: PredictionStateSerializer, **REFUSALS})
    def post(self, request, prediction_id):
        prediction_state(prediction_id, request.user)  # 404 for a prediction the user may not see
        data = StakeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        predictions.prediction_stake(prediction_id=prediction_id, user=request.user, **data.validated_data)
        return Response(prediction_state(prediction_id, request.user))


class PredictionLockApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PredictionStateSerializer, **REFUSALS})
    def post(self, request, prediction_id):
        predictions.prediction_lock(prediction_id=prediction_id, by=request.user)
        return Response(prediction_state(prediction_id, request.user))


class PredictionResolveApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ResolveInputSerializer, responses={200: PredictionStateSerializer, **REFUSALS})
    def post(self, request, prediction_id):
        data = ResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        predictions.prediction_resolve(prediction_id=prediction_id, by=request.user, **data.validated_data)
        return Response(prediction_state(prediction_id, request.user))


class PredictionCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: PredictionStateSerializer, **REFUSALS})
    def post(self, request, prediction_id):
        predictions.prediction_cancel(prediction_id=prediction_id, by=request.user)
        return Response(prediction_state(prediction_id, request.user))
