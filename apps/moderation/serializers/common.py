from rest_framework import serializers


class UserRefSerializer(serializers.Serializer):
    """A user as the desk names them: id and username (no profile read)."""

    id = serializers.IntegerField()
    username = serializers.CharField()
