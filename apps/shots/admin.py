from django.contrib import admin

from apps.shots.models import ShotType


@admin.register(ShotType)
class ShotTypeAdmin(admin.ModelAdmin):
    """Shot types are data: staff add one, rename one or retire it (inactive: no new shots, old ones
    still count in careers)."""

    list_display = ("name", "short_name", "code", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name", "code")
