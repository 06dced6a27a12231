from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin, ReadOnlyInline
from apps.predictions.models import Outcome, Prediction, Stake


class OutcomeInline(ReadOnlyInline):
    model = Outcome
    fields = ("position", "title")


@admin.register(Prediction)
class PredictionAdmin(ReadOnlyAdmin):
    """Predictions are the record of points staked and paid out; staff read them, the channel's
    team settles them (the studio, the API)."""

    list_display = ("id", "title", "stream", "channel", "status", "opened_at", "locked_at", "settled_at")
    list_filter = ("status",)
    search_fields = ("title", "channel__username")
    list_select_related = ("stream", "channel")
    inlines = [OutcomeInline]


@admin.register(Stake)
class StakeAdmin(ReadOnlyAdmin):
    list_display = ("id", "prediction", "outcome", "user", "points", "paid_out", "created_at")
    search_fields = ("user__username",)
    list_select_related = ("prediction", "outcome", "user")
