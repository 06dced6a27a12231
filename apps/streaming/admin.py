from django.contrib import admin

from apps.restrictions.models import ChannelModerator
from apps.streaming import events
from apps.streaming.models import (
    OPEN_STATUSES,
    Category,
    ChatMessage,
    PayPerViewAccess,
    Stream,
    StreamViewer,
)

# Staff edits that change who may watch a stream: its open sockets check their users again.
WHO_MAY_WATCH = {"visibility", "pay_per_view_cost"}


def _recheck_streams(stream_ids) -> None:
    for stream_id in set(stream_ids):
        events.recheck_watchers(stream_id)


class _RecheckOnDelete:
    """A deleted row (a refunded pay-per-view, a removed moderator) may end someone's access."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recheck_streams(self.streams_of([obj]))

    def delete_queryset(self, request, queryset):
        stream_ids = list(self.streams_of(queryset))
        super().delete_queryset(request, queryset)
        _recheck_streams(stream_ids)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Staff add categories here; creators pick from the active ones, /live/ filters by them."""

    list_display = ("name", "slug", "order", "active")
    list_editable = ("order", "active")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # The slug is how the API and /live/ links name the category, and the key streams hold.
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields


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
    list_select_related = ("creator", "category")
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
        # Nothing enforces them until memberships exist (services.NOT_YET_ENFORCED).
        "is_premium",
        "subscription_required",
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and WHO_MAY_WATCH & set(form.changed_data):
            events.recheck_watchers(obj.pk)


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ("stream", "user", "kind", "content", "created_at", "deleted_at")
    list_filter = ("kind",)
    search_fields = ("content", "user__username")
    list_select_related = ("stream", "user")
    readonly_fields = ("stream", "user", "kind", "content", "created_at", "deleted_at", "deleted_by")


@admin.register(ChannelModerator)
class ChannelModeratorAdmin(_RecheckOnDelete, admin.ModelAdmin):
    list_display = ("creator", "moderator", "created_at")
    search_fields = ("creator__username", "moderator__username")
    raw_id_fields = ("creator", "moderator")

    def streams_of(self, moderators):
        creators = [moderator.creator_id for moderator in moderators]
        open_streams = Stream.objects.filter(creator__in=creators, status__in=OPEN_STATUSES)
        return open_streams.values_list("pk", flat=True)


@admin.register(StreamViewer)
class StreamViewerAdmin(admin.ModelAdmin):
    list_display = ("stream", "viewer_key", "connections", "joined_at", "last_seen_at", "left_at", "watch_seconds")
    list_select_related = ("stream",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PayPerViewAccess)
class PayPerViewAccessAdmin(_RecheckOnDelete, admin.ModelAdmin):
    list_display = ("stream", "user", "coins", "transfer_id", "created_at")
    list_select_related = ("stream", "user")

    def streams_of(self, accesses):
        return [access.stream_id for access in accesses]

    def has_change_permission(self, request, obj=None):
        return False
