from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.bounds import column_text
from apps.core.query import LimitQuerySerializer
from apps.core.serializers import InputSerializer
from apps.moderation.models import Report, ReportReason, TargetType
from apps.moderation.serializers.common import UserRefSerializer


class ReportInputSerializer(InputSerializer):
    target_type = serializers.ChoiceField(choices=TargetType.choices)
    target_id = column_text(
        Report, "target_id", help_text="The message's or user's id (also a profile's: its user's), the stream's UUID."
    )
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = column_text(Report, "text", required=False, allow_blank=True, default="", help_text="Optional details.")


class ReportResolveInputSerializer(InputSerializer):
    resolution = column_text(
        Report, "resolution", required=False, allow_blank=True, default="", help_text="What was done, for the log."
    )
    action_taken = serializers.BooleanField(
        default=False, help_text="Whether action was taken: the reporters are told which."
    )


class ReportQueueQuerySerializer(LimitQuerySerializer):
    """`?limit=`: how many targets, oldest reported first."""


class ReportSerializer(serializers.ModelSerializer):
    reporter = UserRefSerializer()

    class Meta:
        model = Report
        fields = ["id", "target_type", "target_id", "reason", "text", "reporter", "status", "created_at"]


class QueuedReportSerializer(ReportSerializer):
    """A report in the queue. Who reported is for platform moderators only (context
    `show_reporters`): a channel's moderators are the creator's people, and a reporter should not
    fear them."""

    reporter = serializers.SerializerMethodField()

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_reporter(self, report) -> dict | None:
        return UserRefSerializer(report.reporter).data if self.context.get("show_reporters") else None


class ReportFiledSerializer(ReportSerializer):
    """What the reporter hears back: their report, and whether it was theirs already."""

    already_reported = serializers.BooleanField(help_text="You had reported this already: nothing new was filed.")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "already_reported"]


class ReportResolvedSerializer(QueuedReportSerializer):
    """A report as its resolution left it (who reported: as in the queue)."""

    resolved_by = UserRefSerializer()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "resolved_by", "resolved_at", "resolution", "action_taken"]


def _message(message) -> dict:
    return {
        "id": message.pk,
        "author": {"id": message.user_id, "username": message.user.username} if message.user_id else None,
        "text": message.content,
        "at": message.created_at,
        "deleted": message.deleted_at is not None,
    }


def _content(item) -> dict | None:
    """What was reported, as the moderator sees it (None: gone since)."""
    if item.target is None:
        return None
    obj = item.target.obj
    if item.target_type == TargetType.MESSAGE:
        return {
            **_message(obj),
            "stream": {"id": str(obj.stream_id), "title": obj.stream.title},
            "before": [_message(m) for m in item.before],
            "after": [_message(m) for m in item.after],
        }
    if item.target_type == TargetType.STREAM:
        return {
            "id": str(obj.pk),
            "title": obj.title,
            "status": obj.status,
            "description": obj.description[:300],
            "creator": {"id": obj.creator_id, "username": obj.creator.username},
        }
    profile = obj.profile
    summary = {"id": obj.pk, "username": obj.username, "name": obj.public_name, "joined": obj.date_joined}
    if item.target_type == TargetType.PROFILE:
        summary |= {"display_name": profile.display_name, "bio": profile.bio[:300], "hometown": profile.hometown}
    return summary


class QueueItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The target, "<type>:<id>": what the desk\'s MQ frames name.')
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    channel = serializers.IntegerField(source="channel_id", allow_null=True, help_text="Null: platform moderators'.")
    reported_user = UserRefSerializer(allow_null=True)
    count = serializers.IntegerField(help_text="Open reports of this target: one per reporter.")
    first_reported_at = serializers.DateTimeField()
    reasons = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField(
        help_text="The message (with `before` and `after`: the messages around it), user, profile or stream."
    )

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_reasons(self, item) -> dict:
        counts: dict[str, int] = {}
        for report in item.reports:
            counts[report.reason] = counts.get(report.reason, 0) + 1
        return counts

    @extend_schema_field(QueuedReportSerializer(many=True))
    def get_reports(self, item) -> list[dict]:
        return QueuedReportSerializer(item.reports, many=True, context=self.context).data

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_content(self, item) -> dict | None:
        return _content(item)
