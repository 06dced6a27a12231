from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The shape of every API error."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
