from rest_framework import serializers

from apps.core.bounds import column_integer, column_text, id_integer
from apps.core.serializers import InputSerializer
from apps.streaming.serializers import CreatorSerializer
from apps.tournaments.models import BEST_OF_CHOICES, Challenge, ChallengeStatus, GameType
from apps.tournaments.rules import CHALLENGE_SIDES


class ChallengeInputSerializer(InputSerializer):
    opponent = id_integer(help_text="The user id of the player challenged.")
    game_type = column_text(GameType, "code", help_text="A game type's code, e.g. 1V1.")
    best_of = serializers.ChoiceField(choices=BEST_OF_CHOICES, default=1)
    stake = column_integer(Challenge, "stake", default=0, help_text="Coins each side puts in; 0: a friendly.")
    message = column_text(Challenge, "message", required=False, allow_blank=True, default="")
    on_behalf_of = id_integer(
        required=False,
        allow_null=True,
        help_text="Pay for a friend to challenge a rival: this user challenges, and you pay their stake.",
    )


class ChallengeListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ChallengeStatus.choices, required=False)


class ChallengeSponsorInputSerializer(InputSerializer):
    side = serializers.ChoiceField(
        choices=CHALLENGE_SIDES, default="opponent", help_text="Whose stake you pay (the challenger's is paid at once)."
    )


class ChallengeMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    games = serializers.JSONField(help_text="Game scores from the challenger's side: [[challenger, opponent], ...].")
    winner = serializers.IntegerField(source="winner_id", allow_null=True)


class ChallengeSerializer(serializers.ModelSerializer):
    challenger = CreatorSerializer()
    opponent = CreatorSerializer()
    game_type = serializers.CharField(source="game_type.code")
    pot = serializers.SerializerMethodField(help_text="Both stakes: what the winner takes, less the platform's cut.")
    challenger_stake_by = serializers.IntegerField(
        source="challenger_stake_by_id", allow_null=True, help_text="Who paid the challenger's stake."
    )
    opponent_stake_by = serializers.IntegerField(
        source="opponent_stake_by_id", allow_null=True, help_text="Who paid the opponent's stake (null: not yet)."
    )
    match = ChallengeMatchSerializer(allow_null=True, help_text="Once accepted: the match to play and report.")

    class Meta:
        model = Challenge
        fields = [
            "id",
            "status",
            "challenger",
            "opponent",
            "game_type",
            "best_of",
            "stake",
            "pot",
            "platform_cut_percent",
            "message",
            "challenger_stake_by",
            "opponent_stake_by",
            "expires_at",
            "created_at",
            "answered_at",
            "match",
        ]

    def get_pot(self, challenge) -> int:
        return challenge.stake * 2
