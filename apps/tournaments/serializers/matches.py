from rest_framework import serializers

from apps.core.bounds import id_integer
from apps.core.serializers import InputSerializer
from apps.tournaments.best_of import MAX_GAME_SCORE
from apps.tournaments.rules import REASON_MAX_LENGTH

MAX_GAMES = 5


def games_field(help_text: str, *, min_length: int = 1) -> serializers.ListField:
    game = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_GAME_SCORE), min_length=2, max_length=2
    )
    return serializers.ListField(child=game, min_length=min_length, max_length=MAX_GAMES, help_text=help_text)


class MatchReportInputSerializer(InputSerializer):
    games = games_field("Each game as [my score, their score], in the order played.")


class MatchSettleInputSerializer(InputSerializer):
    winner_id = id_integer(help_text="The user id of the player who won.")
    games = games_field(
        "Each game as [player 1's score, player 2's score]; [] when only the winner is known.", min_length=0
    )
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH, help_text="Kept in the match's history.")


class MatchForfeitInputSerializer(InputSerializer):
    player_id = id_integer(help_text="The player who forfeits (or is disqualified).")
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class AttachStreamInputSerializer(InputSerializer):
    stream_id = serializers.UUIDField()


class MatchEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    reason = serializers.CharField()
    detail = serializers.JSONField()


class MatchDetailSerializer(serializers.Serializer):
    """The match as the bracket shows it (selectors.brackets.match_state), with its history."""

    match = serializers.JSONField(help_text="id, code, round, status, players, hints, games, winner, next_match...")
    history = MatchEventSerializer(many=True)
