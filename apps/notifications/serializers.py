from rest_framework import serializers

from apps.core.bounds import id_integer
from apps.core.serializers import InputSerializer
from apps.notifications.models import READ_IDS_MAX, Kind, Notification


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.CharField(source="public_name")


class NotificationSerializer(serializers.ModelSerializer):
    actor = ActorSerializer(allow_null=True)
    unread = serializers.BooleanField(source="is_unread")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "actor", "created_at", "read_at", "unread"]


class ReadInputSerializer(InputSerializer):
    """Either `ids` (the user's notifications to mark read; anyone else's are ignored) or `all: true`."""

    ids = serializers.ListField(child=id_integer(), max_length=READ_IDS_MAX, required=False)
    all = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if attrs.get("all") is True:
            if "ids" in attrs:
                raise serializers.ValidationError({"all": ["Send `ids` or `all`, not both."]})
        elif not attrs.get("ids"):
            raise serializers.ValidationError({"ids": ["Send the ids to mark read, or `all: true`."]})
        return attrs


class ReadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many of yours were unread and are now read.")
    unread_count = serializers.IntegerField()


class ChannelsSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField()
    email = serializers.BooleanField()


class ChannelsInputSerializer(InputSerializer):
    in_app = serializers.BooleanField(required=False)
    email = serializers.BooleanField(required=False)


# One property per kind of notification, out and in (a kind left out of a PATCH keeps its channels).
PreferencesSerializer = type(
    "PreferencesSerializer", (serializers.Serializer,), {kind: ChannelsSerializer() for kind in Kind.values}
)
PreferencesInputSerializer = type(
    "PreferencesInputSerializer",
    (InputSerializer,),
    {kind: ChannelsInputSerializer(required=False) for kind in Kind.values},
)


class ReminderSerializer(serializers.Serializer):
    stream = serializers.UUIDField()
    reminded = serializers.BooleanField()
