from rest_framework import serializers

from apps.core.bounds import column_integer, column_text, id_integer
from apps.core.serializers import InputSerializer
from apps.gifting import selectors
from apps.gifting.models import Gift, GiftCategory, GiftSend, Rarity, StreamGiftTotals, Tip, tip_tier_named
from apps.streaming.serializers import CreatorSerializer


class GiftSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gift
        fields = [
            "id",
            "name",
            "emoji",
            "icon",
            "coin_cost",
            "animation",
            "screen_effect",
            "duration_ms",
            "sound",
            "rarity",
            "category",
            "available_until",
            "special_occasion",
        ]


class GiftFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=GiftCategory.choices, required=False)
    rarity = serializers.ChoiceField(choices=Rarity.choices, required=False)


class UserGiftsQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["sent", "received"], default="sent")


class GiftSendInputSerializer(InputSerializer):
    gift_id = id_integer()
    quantity = column_integer(GiftSend, "quantity", default=1)
    message = column_text(GiftSend, "message", required=False, allow_blank=True, default="", trim_whitespace=False)
    is_anonymous = serializers.BooleanField(default=False)


class GiftSendSerializer(serializers.ModelSerializer):
    """A gift record. The sender of an anonymous gift is shown only to the sender and staff."""

    gift = GiftSerializer()
    sender = serializers.SerializerMethodField()
    stream = serializers.UUIDField(source="stream_id")
    combo = serializers.SerializerMethodField()

    class Meta:
        model = GiftSend
        fields = [
            "id",
            "stream",
            "gift",
            "quantity",
            "total_coins",
            "message",
            "is_anonymous",
            "sender",
            "combo",
            "created_at",
        ]

    def get_sender(self, send) -> dict | None:
        viewer = self.context["request"].user
        if send.is_anonymous and not (viewer.is_authenticated and (viewer.pk == send.sender_id or viewer.is_staff)):
            return None
        return CreatorSerializer(send.sender).data

    def get_combo(self, send) -> dict:
        return {"id": send.combo_id or send.pk, "count": send.combo_count}


class GiftSentSerializer(serializers.Serializer):
    gift = GiftSendSerializer()
    balance = serializers.IntegerField()


class TipInputSerializer(InputSerializer):
    coins = column_integer(Tip, "coins")
    message = column_text(Tip, "message", trim_whitespace=False)


class TipSerializer(serializers.ModelSerializer):
    stream = serializers.UUIDField(source="stream_id")
    sender = CreatorSerializer()
    color = serializers.SerializerMethodField()

    class Meta:
        model = Tip
        fields = ["id", "stream", "coins", "message", "tier", "color", "pinned_until", "sender", "created_at"]

    def get_color(self, tip) -> str:
        return tip_tier_named(tip.tier).color


class TipSentSerializer(serializers.Serializer):
    tip = TipSerializer()
    balance = serializers.IntegerField()


class LeaderboardEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    coins = serializers.IntegerField()
    gifts = serializers.IntegerField()
    sender = CreatorSerializer(allow_null=True, help_text="null for the pooled anonymous gifts")


# The donation goal in the stream API (`/api/v1/streams`), which streaming assembles from the
# settings apps register (apps.streaming.domain_events.stream_settings; apps.gifting.apps).
def goal_input_fields() -> dict:
    return {
        "donation_goal_title": column_text(StreamGiftTotals, "donation_goal_title", required=False, allow_blank=True),
        "donation_goal_target": column_integer(StreamGiftTotals, "donation_goal_target", required=False),
    }


class _FromGiftTotals:
    """Read from the stream's gift totals (zeros before its first gift or goal), not the stream."""

    def get_attribute(self, stream):
        return getattr(selectors.gift_totals(stream=stream), self.source)


class _TotalsCharField(_FromGiftTotals, serializers.CharField):
    pass


class _TotalsIntegerField(_FromGiftTotals, serializers.IntegerField):
    pass


def goal_output_fields() -> dict:
    return {
        "donation_goal_title": _TotalsCharField(read_only=True),
        "donation_goal_target": _TotalsIntegerField(read_only=True),
        "donation_goal_progress": _TotalsIntegerField(read_only=True),
    }
