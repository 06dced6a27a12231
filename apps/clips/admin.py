from django.contrib import admin

from apps.clips.models import Clip, Highlight


@admin.register(Clip)
class ClipAdmin(admin.ModelAdmin):
    list_display = ["title", "stream", "creator", "clipped_by", "source", "status", "published", "views", "created_at"]
    list_filter = ["status", "source", "published"]
    search_fields = ["title", "creator__username"]
    raw_id_fields = ["stream", "creator", "clipped_by", "angle", "recording"]
    readonly_fields = ["video", "thumbnail", "error", "ready_at", "views"]


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    """What the finder kept, for staff to look at; publishing is the creator's (their studio)."""

    list_display = ("__str__", "stream", "kind", "excitement", "confidence", "review", "processed", "created_at")
    list_filter = ("kind", "review", "processed")
    list_select_related = ("stream",)
    raw_id_fields = ("stream", "clip")
    search_fields = ("stream__title", "stream__creator__username")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
