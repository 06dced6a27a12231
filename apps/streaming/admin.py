from django.contrib import admin

from apps.streaming.models import ChannelModerator, ChatMessage, PayPerViewAccess, Stream, StreamViewer


@admin.register(Stream)
class StreamAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "creator",
        "status",
        "visibility",
        "category",
        "current_viewers",
        "peak_viewers",
        "started_at",
    )
    list_filter = ("status", "visibility", "category")
    search_fields = ("title", "creator__username")
    list_select_related = ("creator",)
    # Status, counters and the key change only through the services (legal transitions, fan-out).
    readonly_fields = (
        "status",
        "started_at",
        "ended_at",
        "duration_seconds",
        "last_heartbeat_at",
        "current_viewers",
        "peak_viewers",
        "total_viewers",
        "total_watch_seconds",
        "unique_chatters",
        "messages_count",
        "stats_computed_at",
        "donation_goal_progress",
    )


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ("stream", "user", "kind", "content", "created_at", "deleted_at")
    list_filter = ("kind",)
    search_fields = ("content", "user__username")
    list_select_related = ("stream", "user")
    readonly_fields = ("stream", "user", "kind", "content", "created_at", "deleted_at", "deleted_by")


@admin.register(ChannelModerator)
class ChannelModeratorAdmin(admin.ModelAdmin):
    list_display = ("creator", "moderator", "created_at")
    search_fields = ("creator__username", "moderator__username")
    raw_id_fields = ("creator", "moderator")


@admin.register(StreamViewer)
class StreamViewerAdmin(admin.ModelAdmin):
    list_display = ("stream", "viewer_key", "connections", "joined_at", "last_seen_at", "left_at", "watch_seconds")
    list_select_related = ("stream",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PayPerViewAccess)
class PayPerViewAccessAdmin(admin.ModelAdmin):
    list_display = ("stream", "user", "coins", "transfer_id", "created_at")
    list_select_related = ("stream", "user")

    def has_change_permission(self, request, obj=None):
        return False
