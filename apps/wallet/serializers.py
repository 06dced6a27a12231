from rest_framework import serializers

from apps.core.bounds import column_integer
from apps.core.serializers import InputSerializer
from apps.wallet.models import CoinPackage, PaymentMethod, Payout, Purchase
from apps.wallet.selectors import HISTORY_TYPES


class CoinPackageSerializer(serializers.ModelSerializer):
    total_coins = serializers.IntegerField(read_only=True)

    class Meta:
        model = CoinPackage
        fields = ["id", "name", "coins", "bonus_coins", "total_coins", "price_minor", "currency"]


class HistoryQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(HISTORY_TYPES), required=False)


class PurchaseInputSerializer(InputSerializer):
    package_id = serializers.CharField()
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    callback_url = serializers.URLField(required=False, allow_blank=True, default="")


class PurchaseOutputSerializer(serializers.ModelSerializer):
    purchase_id = serializers.UUIDField(source="id")

    class Meta:
        model = Purchase
        fields = ["purchase_id", "status", "coins", "price_minor", "currency", "payment_method", "checkout_url"]


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField(source="history_type")
    amount = serializers.IntegerField(help_text="Coins in (+) or out (-) of this account.")
    account = serializers.CharField(source="account.kind")
    reference = serializers.CharField(source="transfer.reference")
    memo = serializers.CharField(source="transfer.memo")
    created_at = serializers.DateTimeField()


class EarningsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    available = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    in_payout = serializers.IntegerField()


class BalanceSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    earnings = EarningsSerializer()


class PayoutInputSerializer(InputSerializer):
    coins = column_integer(Payout, "coins", min_value=1)


class PayoutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payout
        fields = ["id", "coins", "amount_minor", "currency", "status", "failure_reason", "created_at", "completed_at"]
