"""Staff view of devices: keys appear by hint and state only; a key's hash is never shown."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from apps.devices.models import Angle, Device, IngestKey, Publish, Recording


class IngestKeyInline(admin.TabularInline):
    model = IngestKey
    fields = ("hint", "created_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # keys are made by the owner, shown once to them only


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "model", "serial", "quality", "created_at")
    list_filter = ("model", "quality", "connection_method")
    search_fields = ("name", "serial", "owner__username")
    raw_id_fields = ("owner",)
    inlines = [IngestKeyInline]


class PublishInline(admin.TabularInline):
    model = Publish
    fields = ("client_id", "address", "started_at", "last_update_at", "ended_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Angle)
class AngleAdmin(admin.ModelAdmin):
    list_display = ("device", "stream", "playback_name", "created_at")
    search_fields = ("device__name", "stream__title", "playback_name")
    raw_id_fields = ("stream", "device")
    readonly_fields = ("playback_name",)
    inlines = [PublishInline]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ("angle", "status", "duration_seconds", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("angle",)
    # The files are private (no URL of their own): linked through the views that serve them.
    exclude = ("video", "thumbnail")
    readonly_fields = ("source_path", "error", "files")

    @admin.display(description="Files")
    def files(self, recording):
        if not recording.video:
            return "—"
        stream_id = recording.angle.stream_id
        return format_html('<a href="{}">video</a>', reverse("devices:recording_video", args=[stream_id, recording.pk]))
