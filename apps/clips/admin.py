from django.contrib import admin

from apps.clips.models import Clip


@admin.register(Clip)
class ClipAdmin(admin.ModelAdmin):
    list_display = ["title", "stream", "creator", "clipped_by", "source", "status", "published", "views", "created_at"]
    list_filter = ["status", "source", "published"]
    search_fields = ["title", "creator__username"]
    raw_id_fields = ["stream", "creator", "clipped_by", "angle", "recording"]
    readonly_fields = ["video", "thumbnail", "error", "ready_at", "views"]
