"""Staff read tournaments, matches, challenges and ratings here; they change only through the services
(money, brackets and frames move together). Game types are data staff add."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin, ReadOnlyInline
from apps.tournaments.models import (
    Challenge,
    Entry,
    GameType,
    Match,
    MatchEvent,
    MatchReport,
    Rating,
    RatingChange,
    Sponsorship,
    Tournament,
)


@admin.register(GameType)
class GameTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order", "active")
    list_editable = ("order", "active")


class EntryInline(ReadOnlyInline):
    model = Entry
    fields = (
        "player",
        "paid_by",
        "status",
        "fee_paid",
        "checked_in_at",
        "seed",
        "disqualified",
        "final_place",
        "prize",
    )


class SponsorshipInline(ReadOnlyInline):
    model = Sponsorship
    fields = ("sponsor", "coins", "refunded", "created_at")


@admin.register(Tournament)
class TournamentAdmin(ReadOnlyAdmin):
    list_display = ("name", "game_type", "format", "status", "start_at", "capacity", "entry_fee", "organizer")
    list_filter = ("status", "format", "game_type", "verified_only")
    search_fields = ("name", "organizer__username")
    list_select_related = ("game_type", "organizer")
    date_hierarchy = "start_at"
    inlines = (EntryInline, SponsorshipInline)


class MatchReportInline(ReadOnlyInline):
    model = MatchReport
    fields = ("reporter", "games", "current", "created_at")


class MatchEventInline(ReadOnlyInline):
    model = MatchEvent
    fields = ("kind", "actor", "reason", "detail", "created_at")


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ("code", "tournament", "round_name", "status", "player1", "player2", "winner", "decision")
    list_filter = ("status", "bracket", "decision")
    search_fields = ("tournament__name", "player1__username", "player2__username")
    list_select_related = ("tournament", "player1", "player2", "winner")
    inlines = (MatchReportInline, MatchEventInline)


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ("challenger", "opponent", "game_type", "stake", "status", "expires_at", "created_at")
    list_filter = ("status", "game_type")
    search_fields = ("challenger__username", "opponent__username")
    list_select_related = ("challenger", "opponent", "game_type")


class RatingChangeInline(ReadOnlyInline):
    model = RatingChange
    fields = ("match", "result_version", "won", "rating_before", "rating_after", "deviation_after", "created_at")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("player", "game_type", "rating", "deviation", "rated_matches", "wins", "losses", "current_streak")
    list_filter = ("game_type",)
    search_fields = ("player__username",)
    list_select_related = ("player", "game_type")
    inlines = (RatingChangeInline,)
