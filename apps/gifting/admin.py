from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.gifting.models import Gift, GiftSend, StreamGifter


@admin.register(Gift)
class GiftAdmin(admin.ModelAdmin):
    list_display = ("emoji", "name", "coin_cost", "rarity", "category", "animation", "is_active", "available_until")
    list_display_links = ("emoji", "name")
    list_filter = ("is_active", "rarity", "category")
    list_editable = ("is_active",)
    search_fields = ("name", "special_occasion")


@admin.register(GiftSend)
class GiftSendAdmin(ReadOnlyAdmin):
    """Gift records are the audit trail of coins moved; staff read them (anonymous senders included)."""

    list_display = ("id", "gift", "quantity", "total_coins", "sender", "is_anonymous", "stream", "created_at")
    list_filter = ("is_anonymous", "gift")
    search_fields = ("sender__username", "recipient__username", "message")
    list_select_related = ("gift", "sender", "stream")


@admin.register(StreamGifter)
class StreamGifterAdmin(admin.ModelAdmin):
    list_display = ("stream", "sender", "coins", "gifts", "updated_at")
    list_select_related = ("stream", "sender")

    def has_change_permission(self, request, obj=None):
        return False
