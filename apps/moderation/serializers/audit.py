from rest_framework import serializers

from apps.core.bounds import id_integer
from apps.core.query import LimitQuerySerializer
from apps.moderation.serializers.common import UserRefSerializer
from apps.restrictions.models import AuditEntry


class AuditQuerySerializer(LimitQuerySerializer):
    channel = id_integer(required=False, help_text="A channel (its creator's id).")
    actor = id_integer(required=False, help_text="The moderator who acted.")
    user = id_integer(required=False, help_text="The user acted on.")
    before = id_integer(required=False, help_text="Entries older than this entry's id (the next page).")


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(allow_null=True)
    user = UserRefSerializer(allow_null=True)
    channel = UserRefSerializer(allow_null=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "actor", "action", "user", "channel", "target", "reason", "detail", "created_at"]
