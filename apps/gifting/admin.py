from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals, Tip


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


@admin.register(Tip)
class TipAdmin(ReadOnlyAdmin):
    """Tips are records of coins moved, like gifts: staff read them."""

    list_display = ("id", "coins", "tier", "sender", "stream", "pinned_until", "created_at")
    list_filter = ("tier",)
    search_fields = ("sender__username", "recipient__username", "message")
    list_select_related = ("sender", "stream")


@admin.register(StreamGifter)
class StreamGifterAdmin(admin.ModelAdmin):
    list_display = ("stream", "sender", "coins", "gifts", "updated_at")
    list_select_related = ("stream", "sender")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StreamGiftTotals)
class StreamGiftTotalsAdmin(admin.ModelAdmin):
    """Staff may name or change a stream's goal, as its creator can; the totals move only with gifts."""

    list_display = ("stream", "gifts_count", "gift_coins", "donation_goal_title", "donation_goal_target")
    list_select_related = ("stream",)
    search_fields = ("stream__title", "stream__creator__username")
    readonly_fields = ("stream", "gifts_count", "gift_coins", "donation_goal_progress", "donation_goal_reached_at")

    def has_add_permission(self, request):
        return False
