from rest_framework import serializers

from apps.streaming.serializers import CreatorSerializer


class GameTypeRatingSerializer(serializers.Serializer):
    game_type = serializers.CharField(source="game_type.code")
    game_type_name = serializers.CharField(source="game_type.name")
    rating = serializers.FloatField()
    deviation = serializers.FloatField()
    volatility = serializers.FloatField()
    display = serializers.CharField(help_text='Rating ± 2 deviations, "1850 ± 100"; "1500? ± 700" while provisional.')
    established = serializers.BooleanField(source="is_established", help_text="Counted on the leaderboard.")
    rated_matches = serializers.IntegerField()
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    current_streak = serializers.IntegerField(help_text="Wins in a row; negative: losses in a row.")
    longest_win_streak = serializers.IntegerField()
    highest_rating = serializers.FloatField()


class LeaderboardRowSerializer(serializers.Serializer):
    place = serializers.IntegerField()
    player = CreatorSerializer()
    rating = serializers.FloatField()
    deviation = serializers.FloatField()
    display = serializers.CharField()
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    current_streak = serializers.IntegerField()


class UserRatingSerializer(serializers.Serializer):
    ratings = GameTypeRatingSerializer(many=True, help_text="One per game type, played or not.")
    highest_rating = serializers.IntegerField(allow_null=True, help_text="Across game types; null before a match.")
    current_streak = serializers.IntegerField(help_text="In the game type played last.")
    longest_win_streak = serializers.IntegerField()
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    win_rate = serializers.IntegerField(allow_null=True, help_text="Percent of rated matches won.")
    events_entered = serializers.IntegerField()
    events_won = serializers.IntegerField()
