from rest_framework import serializers

from apps.core.bounds import column_integer, column_text, id_integer
from apps.core.serializers import InputSerializer
from apps.predictions.models import PREDICTION_MAX_OUTCOMES, PREDICTION_MIN_OUTCOMES, Outcome, Prediction, Stake
from apps.shots.models import ShotType


class ShotConditionInputSerializer(InputSerializer):
    type = column_text(ShotType, "code", help_text="A shot type's code, e.g. free_throw.")
    makes = column_integer(Prediction, "shot_makes")
    attempts = column_integer(Prediction, "shot_attempts")


class PredictionOpenInputSerializer(InputSerializer):
    title = column_text(Prediction, "title", required=False, allow_blank=True, default="")
    outcomes = serializers.ListField(
        child=column_text(Outcome, "title"),
        min_length=PREDICTION_MIN_OUTCOMES,
        max_length=PREDICTION_MAX_OUTCOMES,
        required=False,
        default=list,
    )
    window_seconds = column_integer(Prediction, "window_seconds")
    shot = ShotConditionInputSerializer(required=False, help_text='"Makes K of the next N": outcomes are Yes and No.')


class StakeInputSerializer(InputSerializer):
    outcome_id = id_integer()
    points = column_integer(Stake, "points")


class ResolveInputSerializer(InputSerializer):
    outcome_id = id_integer()


class PointsSerializer(serializers.Serializer):
    channel = serializers.IntegerField()
    points = serializers.IntegerField()
    claim_at = serializers.IntegerField(allow_null=True, help_text="ms when the next claim opens; null: now.")


class ClaimSerializer(PointsSerializer):
    claimed = serializers.IntegerField()


class OutcomeStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    points = serializers.IntegerField()
    users = serializers.IntegerField()
    share = serializers.IntegerField(help_text="Percent of the pool.")
    ratio = serializers.FloatField(allow_null=True, help_text="Points returned per point staked if it wins.")


class PredictorSerializer(serializers.Serializer):
    who = serializers.DictField()
    won = serializers.IntegerField()
    staked = serializers.IntegerField()


class MyStakeSerializer(serializers.Serializer):
    outcome_id = serializers.IntegerField()
    points = serializers.IntegerField()
    paid_out = serializers.IntegerField()


class PredictionStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    s = serializers.ChoiceField(choices=["open", "locked", "resolved", "cancelled"])
    closes = serializers.IntegerField()
    outcomes = OutcomeStateSerializer(many=True)
    pool = serializers.IntegerField()
    winner = serializers.IntegerField(allow_null=True)
    top = PredictorSerializer(many=True)
    mine = MyStakeSerializer(allow_null=True, required=False)
