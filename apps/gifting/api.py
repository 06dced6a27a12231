"""`/api/v1/gifts`, `/api/v1/streams/{id}/gifts|tips|leaderboard`, `/api/v1/users/{id}/gifts`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.query import LimitQuerySerializer, validated_query
from apps.gifting import selectors, services
from apps.gifting.errors import GiftHistoryHidden
from apps.gifting.serializers import (
    GiftFilterSerializer,
    GiftSendInputSerializer,
    GiftSendSerializer,
    GiftSentSerializer,
    GiftSerializer,
    LeaderboardEntrySerializer,
    TipInputSerializer,
    TipSentSerializer,
    UserGiftsQuerySerializer,
)
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for, watchable_stream_for
from apps.wallet.api import IDEMPOTENCY_KEY
from apps.wallet.idempotency import idempotent_call
from apps.wallet.selectors import balance_of


class GiftCatalogApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[GiftFilterSerializer], responses={200: GiftSerializer(many=True), 400: ErrorSerializer})
    def get(self, request):
        filters = validated_query(GiftFilterSerializer, request)
        return Response(GiftSerializer(selectors.catalog(**filters), many=True).data)


class StreamGiftsApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        parameters=[LimitQuerySerializer],
        responses={200: GiftSendSerializer(many=True), 400: ErrorSerializer, **WATCH_REFUSALS},
    )
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        sends = selectors.stream_gifts(stream=stream, limit=validated_query(LimitQuerySerializer, request)["limit"])
        return Response(GiftSendSerializer(sends, many=True, context={"request": request}).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=GiftSendInputSerializer,
        responses={201: GiftSentSerializer, 400: ErrorSerializer, 409: ErrorSerializer, **WATCH_REFUSALS},
    )
    def post(self, request, stream_id):
        return _pay_into_stream(
            request,
            stream_id,
            endpoint="streams.gifts",
            given=GiftSendInputSerializer,
            pay=services.gift_send,
            answer=("gift", GiftSentSerializer),
        )


class StreamTipsApi(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=TipInputSerializer,
        responses={201: TipSentSerializer, 400: ErrorSerializer, 409: ErrorSerializer, **WATCH_REFUSALS},
    )
    def post(self, request, stream_id):
        return _pay_into_stream(
            request,
            stream_id,
            endpoint="streams.tips",
            given=TipInputSerializer,
            pay=services.tip_send,
            answer=("tip", TipSentSerializer),
        )


def _pay_into_stream(request, stream_id, *, endpoint: str, given, pay, answer: tuple) -> Response:
    """A gift or a tip: `given` validates the body, `pay` (which takes the same Idempotency-Key and
    pays at most once for it) writes it, and the answer holds what it wrote and the new balance."""

    def send():
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        data = given(data=request.data)
        data.is_valid(raise_exception=True)
        record = pay(
            stream=stream,
            sender=request.user,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **data.validated_data,
        )
        name, serializer = answer
        body = {name: record, "balance": balance_of(user=request.user)}
        return Response(serializer(body, context={"request": request}).data, status=status.HTTP_201_CREATED)

    return idempotent_call(request, endpoint=f"{endpoint}:{stream_id}", handler=send, replays_itself=True)


class StreamLeaderboardApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: LeaderboardEntrySerializer(many=True), **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        rows = selectors.leaderboard(stream=stream)
        entries = [{"rank": n, "coins": r.coins, "gifts": r.gifts, "sender": r.sender} for n, r in enumerate(rows, 1)]
        return Response(LeaderboardEntrySerializer(entries, many=True).data)


class UserGiftsApi(APIView):
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[UserGiftsQuerySerializer],
        responses={200: GiftSendSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request, user_id: int):
        user = get_object_or_404(User, pk=user_id)
        if request.user.pk != user.pk and not request.user.is_staff:
            raise GiftHistoryHidden("Gift history is visible only to its owner.")
        direction = validated_query(UserGiftsQuerySerializer, request)["type"]
        sends = selectors.gifts_of(user=user, direction=direction)
        return paginated_response(self, sends, GiftSendSerializer, context={"request": request})
