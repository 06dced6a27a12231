"""`/api/v1/` for coins: balance, packages, purchases, history, payouts, provider webhooks."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.query import validated_query
from apps.wallet import selectors, services
from apps.wallet.idempotency import KEY_PATTERN, idempotent_call
from apps.wallet.payments import payment_provider
from apps.wallet.serializers import (
    BalanceSerializer,
    CoinPackageSerializer,
    HistoryEntrySerializer,
    HistoryQuerySerializer,
    PayoutInputSerializer,
    PayoutSerializer,
    PurchaseInputSerializer,
    PurchaseOutputSerializer,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=KEY_PATTERN.pattern,
    description="A unique key (a UUID) per money-moving request; a replay returns the first answer.",
)


class BalanceApi(APIView):
    @extend_schema(responses={200: BalanceSerializer})
    def get(self, request):
        data = {
            "balance": selectors.balance_of(user=request.user),
            "earnings": selectors.earnings_of(user=request.user),
        }
        return Response(BalanceSerializer(data).data)


class PackageListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: CoinPackageSerializer(many=True)})
    def get(self, request):
        return Response(CoinPackageSerializer(selectors.active_packages(), many=True).data)


class PurchaseCreateApi(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=PurchaseInputSerializer,
        responses={201: PurchaseOutputSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        def create():
            data = PurchaseInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            purchase = services.purchase_create(user=request.user, **data.validated_data)
            return Response(PurchaseOutputSerializer(purchase).data, status=status.HTTP_201_CREATED)

        return idempotent_call(request, endpoint="currency.purchase", handler=create)


class TransactionListApi(APIView):
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[HistoryQuerySerializer],
        responses={200: HistoryEntrySerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request):
        kind = validated_query(HistoryQuerySerializer, request).get("type")
        entries = selectors.history_of(user=request.user, type=kind)
        return paginated_response(self, entries, HistoryEntrySerializer)


class PayoutListCreateApi(APIView):
    @extend_schema(responses={200: PayoutSerializer(many=True)})
    def get(self, request):
        return Response(PayoutSerializer(selectors.payouts_of(user=request.user)[:100], many=True).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=PayoutInputSerializer,
        responses={201: PayoutSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        def create():
            data = PayoutInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            payout = services.payout_request(user=request.user, coins=data.validated_data["coins"])
            return Response(PayoutSerializer(payout).data, status=status.HTTP_201_CREATED)

        return idempotent_call(request, endpoint="payouts.create", handler=create)


class StripeWebhookApi(APIView):
    """Stripe calls this; the signature, not a session, proves who it is."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=None, responses={200: None, 400: ErrorSerializer})
    def post(self, request):
        provider = payment_provider("stripe")
        event = provider.parse_webhook(payload=request.body, signature_header=request.headers.get("Stripe-Signature"))
        services.payment_event_handle(provider=provider.name, event=event)
        return Response({"received": True})
