from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.shots.models import ShotChallenge, ShotChallengeSettings, ShotType


@admin.register(ShotType)
class ShotTypeAdmin(admin.ModelAdmin):
    """Shot types are data: staff add one, rename one or retire it (inactive: no new shots, old ones
    still count in careers)."""

    list_display = ("name", "short_name", "code", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name", "code")


# --- Shot challenges: staff read them; coins move only through the challenge service ----------


@admin.register(ShotChallenge)
class ShotChallengeAdmin(ReadOnlyAdmin):
    list_display = ("id", "stream", "challenger", "text", "coins", "status", "made", "expires_at", "created_at")
    list_filter = ("status",)
    search_fields = ("text", "challenger__username", "creator__username")
    list_select_related = ("stream", "challenger")


@admin.register(ShotChallengeSettings)
class ShotChallengeSettingsAdmin(ReadOnlyAdmin):
    list_display = ("creator", "enabled", "min_coins")
    list_select_related = ("creator",)
