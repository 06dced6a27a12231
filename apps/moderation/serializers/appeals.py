from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.bounds import column_text, id_integer
from apps.core.query import LimitQuerySerializer
from apps.core.serializers import InputSerializer
from apps.moderation.models import Appeal
from apps.moderation.serializers.common import UserRefSerializer


class AppealInputSerializer(InputSerializer):
    restriction_id = id_integer(required=False, help_text="The ban appealed (`ban_id` is the same).")
    ban_id = id_integer(required=False)
    text = column_text(Appeal, "text", help_text="Why the ban should be lifted.")

    def validate(self, data):
        ids = {data[name] for name in ("restriction_id", "ban_id") if name in data}
        if len(ids) != 1:
            raise serializers.ValidationError({"restriction_id": "Name the ban: restriction_id (or ban_id)."})
        data["restriction_id"] = ids.pop()
        return data


class AppealDecisionInputSerializer(InputSerializer):
    reason = column_text(
        Appeal,
        "decision_reason",
        required=False,
        allow_blank=True,
        default="",
        help_text="Told to the user; required to deny.",
    )


class AppealQueueQuerySerializer(LimitQuerySerializer):
    """`?limit=`: how many appeals, oldest first."""


class AppealSerializer(serializers.ModelSerializer):
    user = UserRefSerializer()
    restriction = serializers.SerializerMethodField()
    decided_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "user",
            "restriction",
            "text",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]

    @extend_schema_field(serializers.JSONField())
    def get_restriction(self, appeal) -> dict:
        """The ban: where (null channel: everywhere), why, by whom, since when."""
        restriction = appeal.restriction
        channel, by = restriction.channel, restriction.created_by
        return {
            "id": restriction.pk,
            "kind": restriction.kind,
            "channel": {"id": channel.pk, "username": channel.username} if channel else None,
            "reason": restriction.reason,
            "by": {"id": by.pk, "username": by.username} if by else None,
            "created_at": restriction.created_at,
            "lifted_at": restriction.lifted_at,
        }
