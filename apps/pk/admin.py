from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin, ReadOnlyInline
from apps.pk.models import Battle, Booster, Contribution, Participant, Side


class SideInline(ReadOnlyInline):
    model = Side
    fields = ("position", "points", "result")


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = ("host", "side", "stream", "status", "is_current", "responded_at", "left_at", "result")


class BoosterInline(ReadOnlyInline):
    model = Booster
    fields = ("kind", "label", "factor", "starts_at", "ends_at")


@admin.register(Battle)
class BattleAdmin(ReadOnlyAdmin):
    """Battles change only through apps.pk.services (the clock, the locks, the frames)."""

    list_display = ("id", "mode", "status", "created_by", "duration_seconds", "starts_at", "ends_at", "end_reason")
    list_filter = ("status", "mode", "end_reason", "tie_rule", "boosters_enabled")
    search_fields = ("participants__host__username",)
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"
    inlines = (SideInline, ParticipantInline, BoosterInline)


@admin.register(Booster)
class BoosterAdmin(admin.ModelAdmin):
    """Staff schedule event boosters here (no battle: every battle with boosters on, inside the window)."""

    list_display = ("label", "factor", "kind", "battle", "starts_at", "ends_at")
    list_filter = ("kind",)
    fields = ("label", "factor", "kind", "starts_at", "ends_at")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(battle__isnull=True)


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("battle", "side", "gifter", "coins", "multiplier", "points", "created_at")
    list_select_related = ("side", "gifter")
    list_filter = ("multiplier",)
