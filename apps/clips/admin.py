# --- Highlights ------------------------------------------------------------------------------
from django.contrib import admin

from apps.clips.models import Highlight


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
