"""`/api/v1/gifts`, `/api/v1/streams/{id}/gifts|leaderboard`, `/api/v1/users/{id}/gifts`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination
from apps.gifting import selectors, services
from apps.gifting.errors import GiftHistoryHidden, GiftInvalid
from apps.gifting.serializers import (
    GiftFilterSerializer,
    GiftSendInputSerializer,
    GiftSendSerializer,
    GiftSentSerializer,
    GiftSerializer,
    LeaderboardEntrySerializer,
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
        filters = GiftFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return Response(GiftSerializer(selectors.catalog(**filters.validated_data), many=True).data)


class StreamGiftsApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        parameters=[OpenApiParameter("limit", int)],
        responses={200: GiftSendSerializer(many=True), 400: ErrorSerializer, **WATCH_REFUSALS},
    )
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        limit = request.query_params.get("limit", "50")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise GiftInvalid("limit is 1 to 100.", field="limit")
        sends = selectors.stream_gifts(stream=stream, limit=int(limit))
        return Response(GiftSendSerializer(sends, many=True, context={"request": request}).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=GiftSendInputSerializer,
        responses={201: GiftSentSerializer, 400: ErrorSerializer, 409: ErrorSerializer, **WATCH_REFUSALS},
    )
    def post(self, request, stream_id):
        def send():
            stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
            data = GiftSendInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            record = services.gift_send(
                stream=stream,
                sender=request.user,
                idempotency_key=request.headers.get("Idempotency-Key"),
                **data.validated_data,
            )
            body = {"gift": record, "balance": balance_of(user=request.user)}
            return Response(GiftSentSerializer(body, context={"request": request}).data, status=status.HTTP_201_CREATED)

        # gift_send takes the same key, and pays at most once for it.
        return idempotent_call(request, endpoint=f"streams.gifts:{stream_id}", handler=send, replays_itself=True)


class StreamLeaderboardApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: LeaderboardEntrySerializer(many=True), **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        rows = selectors.leaderboard(stream=stream)
        entries = [{"rank": n, "coins": r.coins, "gifts": r.gifts, "sender": r.sender} for n, r in enumerate(rows, 1)]
        return Response(LeaderboardEntrySerializer(entries, many=True).data)


class UserGiftsApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("type", enum=["sent", "received"]),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
        responses={200: GiftSendSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request, user_id: int):
        user = get_object_or_404(User, pk=user_id)
        if request.user.pk != user.pk and not request.user.is_staff:
            raise GiftHistoryHidden("Gift history is visible only to its owner.")
        direction = request.query_params.get("type", "sent")
        if direction not in ("sent", "received"):
            raise GiftInvalid("type is sent or received.", field="type")
        paginator = PageLimitPagination()
        page = paginator.paginate_queryset(selectors.gifts_of(user=user, direction=direction), request, view=self)
        return paginator.get_paginated_response(GiftSendSerializer(page, many=True, context={"request": request}).data)
