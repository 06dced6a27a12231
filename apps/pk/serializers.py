from rest_framework import serializers

from apps.core.bounds import id_integer
from apps.core.query import limit_field
from apps.core.serializers import InputSerializer
from apps.pk.models import Booster, Duration, Mode, TieRule
from apps.pk.selectors import RECENT_BATTLES
from apps.pk.services import TEAM_SIZES
from apps.streaming.models import Visibility
from apps.streaming.serializers import CreatorSerializer


class BattleInviteInputSerializer(InputSerializer):
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.SOLO)
    # The service judges the lineup (solo: one opponent; teams of 2 to 4); these are its outer bounds.
    opponents = serializers.ListField(
        child=id_integer(), min_length=1, max_length=max(TEAM_SIZES), help_text="User ids of the other side."
    )
    teammates = serializers.ListField(
        child=id_integer(),
        default=list,
        max_length=max(TEAM_SIZES) - 1,
        help_text="Team battles: user ids of your side, besides you.",
    )
    duration = serializers.ChoiceField(choices=Duration.choices, default=Duration.FIVE, help_text="Seconds.")
    gift_id = id_integer(required=False, allow_null=True, help_text="Only this gift scores.")
    tie_rule = serializers.ChoiceField(choices=TieRule.choices, default=TieRule.DRAW)
    boosters = serializers.BooleanField(default=False, help_text="Double points in the last 30 seconds, and events.")


class UserPkQuerySerializer(serializers.Serializer):
    limit = limit_field(default=RECENT_BATTLES)


class BattleHostSerializer(serializers.Serializer):
    user = CreatorSerializer(source="host")
    stream = serializers.SerializerMethodField(help_text="The host's stream, when it is public (else null).")
    status = serializers.CharField()
    result = serializers.CharField()

    def get_stream(self, participant) -> str | None:
        # An unlisted stream's address is a secret of its own viewers.
        return str(participant.stream_id) if participant.stream.visibility == Visibility.PUBLIC else None


class BattleGifterSerializer(serializers.Serializer):
    user = CreatorSerializer(allow_null=True, help_text="null for the side's anonymous gifts, pooled")
    points = serializers.IntegerField()


class BattleSideSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="side.position")
    label = serializers.CharField(source="title")
    points = serializers.IntegerField(source="side.points")
    result = serializers.CharField(source="side.result")
    hosts = BattleHostSerializer(many=True, source="participants")
    top_gifters = BattleGifterSerializer(many=True, source="top")
    mvp = BattleGifterSerializer(allow_null=True)


class BattleBoosterSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="multiplier (other kinds may come)")

    class Meta:
        model = Booster
        fields = ["kind", "label", "factor", "starts_at", "ends_at"]


class BattleGiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    emoji = serializers.CharField()


class BattleStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="battle.pk")
    mode = serializers.CharField(source="battle.mode")
    status = serializers.CharField(source="battle.status")
    duration = serializers.IntegerField(source="battle.duration_seconds")
    counted_gift = BattleGiftSerializer(source="battle.counted_gift", allow_null=True)
    tie_rule = serializers.CharField(source="battle.tie_rule")
    boosters_enabled = serializers.BooleanField(source="battle.boosters_enabled")
    invite_expires_at = serializers.DateTimeField(source="battle.invite_expires_at")
    starts_at = serializers.DateTimeField(source="battle.starts_at", allow_null=True)
    ends_at = serializers.DateTimeField(source="battle.ends_at", allow_null=True)
    overtime_starts_at = serializers.DateTimeField(source="battle.overtime_starts_at", allow_null=True)
    ended_at = serializers.DateTimeField(source="battle.ended_at", allow_null=True)
    end_reason = serializers.CharField(source="battle.end_reason")
    winner = serializers.IntegerField(source="winner.side.position", allow_null=True, help_text="Side position.")
    score_version = serializers.IntegerField(source="battle.score_version")
    sides = BattleSideSerializer(many=True)
    boosters = BattleBoosterSerializer(many=True)


class PkRecordSerializer(serializers.Serializer):
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    draws = serializers.IntegerField()


class PastBattleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="battle.pk")
    mode = serializers.CharField(source="battle.mode")
    ended_at = serializers.DateTimeField(source="battle.ended_at")
    end_reason = serializers.CharField(source="battle.end_reason")
    result = serializers.CharField()
    points = serializers.IntegerField(source="mine.points")
    opponent_points = serializers.IntegerField(source="theirs.points")
    opponents = CreatorSerializer(many=True)


class UserPkSerializer(serializers.Serializer):
    record = PkRecordSerializer()
    recent = PastBattleSerializer(many=True)
