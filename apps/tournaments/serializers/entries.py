"""Tournaments and their entries in the API: the create body, the list and detail, entries, sponsorships."""

from rest_framework import serializers

from apps.core.bounds import column_integer, column_text, id_integer
from apps.core.serializers import InputSerializer
from apps.streaming.serializers import CreatorSerializer
from apps.tournaments.models import (
    BEST_OF_CHOICES,
    MAX_CAPACITY,
    Entry,
    Format,
    GameType,
    GrandFinal,
    Seeding,
    Sponsorship,
    Tournament,
)
from apps.tournaments.selectors.entries import PHASES
from apps.tournaments.services.entries import MAX_SPONSORSHIP_COINS


class TournamentCreateInputSerializer(InputSerializer):
    name = column_text(Tournament, "name")
    game_type = column_text(GameType, "code", help_text="A game type's code: 1V1, FREE_THROW, THREE_POINT...")
    format = serializers.ChoiceField(choices=Format.choices)
    capacity = column_integer(Tournament, "capacity")
    start_at = serializers.DateTimeField()
    check_in_minutes = column_integer(Tournament, "check_in_minutes", default=0, help_text="0: no check-in.")
    entry_fee = column_integer(Tournament, "entry_fee", default=0, help_text="Coins; 0 is free.")
    prize_split = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=100),
        min_length=1,
        max_length=MAX_CAPACITY,
        required=False,
        help_text="Percentages by place, summing to 100 (default 60/30/10).",
    )
    best_of = serializers.ChoiceField(choices=BEST_OF_CHOICES, default=1)
    final_best_of = serializers.ChoiceField(choices=BEST_OF_CHOICES, required=False, help_text="Default: best_of.")
    grand_final = serializers.ChoiceField(choices=GrandFinal.choices, required=False, help_text="Double elimination.")
    third_place = serializers.BooleanField(default=False, help_text="Single elimination: a third-place match.")
    groups = column_integer(Tournament, "groups", default=1, help_text="Round robin: how many groups.")
    swiss_rounds = column_integer(Tournament, "swiss_rounds", required=False, allow_null=True, help_text="Swiss only.")
    seeding = serializers.ChoiceField(choices=Seeding.choices, default=Seeding.RATING)
    verified_only = serializers.BooleanField(default=False, help_text="Entry costs 1.25 times the fee.")
    description = column_text(Tournament, "description", allow_blank=True, default="")


class TournamentQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PHASES, required=False, help_text="Which phase; all when absent.")
    game_type = column_text(GameType, "code", required=False)


class RegisterInputSerializer(InputSerializer):
    on_behalf_of = id_integer(required=False, allow_null=True, help_text="A gifted entry: the player's user id.")


class SponsorInputSerializer(InputSerializer):
    coins = column_integer(Sponsorship, "coins", max_value=MAX_SPONSORSHIP_COINS)


class EntrySerializer(serializers.ModelSerializer):
    player = CreatorSerializer()
    gifted = serializers.SerializerMethodField(help_text="Someone else paid this entry.")
    rating = serializers.SerializerMethodField(help_text="The player's rating in the game type; null if unrated.")

    class Meta:
        model = Entry
        fields = ["player", "status", "seed", "checked_in_at", "fee_paid", "gifted", "rating", "final_place", "prize"]

    def get_gifted(self, entry) -> bool:
        return entry.paid_by_id != entry.player_id

    def get_rating(self, entry) -> int | None:
        rating = getattr(entry, "rating", None)
        return None if rating is None else round(rating)


class SponsorshipSerializer(serializers.ModelSerializer):
    sponsor = CreatorSerializer()

    class Meta:
        model = Sponsorship
        fields = ["id", "sponsor", "coins", "created_at"]


class TournamentSerializer(serializers.ModelSerializer):
    organizer = CreatorSerializer()
    game_type = serializers.CharField(source="game_type.code")
    prize_split = serializers.ListField(child=serializers.IntegerField())
    entry_price = serializers.IntegerField(help_text="What a player pays: the fee, 1.25 times when verified-only.")
    check_in_opens_at = serializers.DateTimeField()
    registered = serializers.IntegerField()
    waiting = serializers.IntegerField()
    pool = serializers.IntegerField(help_text="Coins in the prize pool: fees held and sponsorships.")

    class Meta:
        model = Tournament
        fields = [
            "id",
            "name",
            "description",
            "organizer",
            "game_type",
            "format",
            "third_place",
            "grand_final",
            "groups",
            "swiss_rounds",
            "best_of",
            "final_best_of",
            "capacity",
            "start_at",
            "check_in_minutes",
            "check_in_opens_at",
            "entry_fee",
            "entry_price",
            "platform_cut_percent",
            "prize_split",
            "verified_only",
            "seeding",
            "status",
            "started_at",
            "ended_at",
            "registered",
            "waiting",
            "pool",
        ]


class TournamentDetailSerializer(TournamentSerializer):
    entries = EntrySerializer(many=True, source="active_entries", help_text="Registered and waiting players.")
    bracket = serializers.JSONField(
        allow_null=True, help_text="Stages, rounds, matches and standings once started; null before."
    )

    class Meta(TournamentSerializer.Meta):
        fields = [*TournamentSerializer.Meta.fields, "entries", "bracket"]
