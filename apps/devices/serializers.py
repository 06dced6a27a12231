from django.conf import settings
from rest_framework import serializers

from apps.core.bounds import column_text, id_integer
from apps.core.serializers import InputSerializer
from apps.devices import selectors
from apps.devices.models import ConnectionMethod, Device, DeviceModel, Quality
from apps.devices.services import DEVICE_FIELDS


class DeviceSerializer(serializers.ModelSerializer):
    key_hint = serializers.SerializerMethodField(help_text="The first characters of the live key; null when revoked.")
    rtmp_url = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = ["id", *DEVICE_FIELDS, "key_hint", "rtmp_url", "created_at"]

    def get_key_hint(self, device) -> str | None:
        live = getattr(device, "live_keys", None)
        if live is None:
            live = list(device.keys.filter(revoked_at__isnull=True))
        return live[0].hint if live else None

    def get_rtmp_url(self, device) -> str:
        return settings.RTMP_INGEST_URL


class DeviceInputSerializer(InputSerializer):
    """Shape only; the rules (unique serial, lengths, choices) are the service's."""

    name = column_text(Device, "name")
    model = serializers.ChoiceField(choices=DeviceModel.choices, required=False)
    serial = column_text(Device, "serial", required=False, allow_blank=True)
    connection_method = serializers.ChoiceField(choices=ConnectionMethod.choices, required=False)
    quality = serializers.ChoiceField(choices=Quality.choices, required=False)
    angle_label = column_text(Device, "angle_label", required=False, allow_blank=True)
    ai_tracking = serializers.BooleanField(required=False)
    auto_highlights = serializers.BooleanField(required=False)


class IngestKeySerializer(serializers.Serializer):
    ingest_key = serializers.CharField(help_text="Shown this once; only its hash is kept.")
    rtmp_url = serializers.CharField()


class DeviceCreatedSerializer(DeviceSerializer):
    ingest_key = serializers.CharField(read_only=True, help_text="Shown this once; only its hash is kept.")

    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "ingest_key"]


class AngleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(source="device.label")
    hls_url = serializers.SerializerMethodField()
    publishing = serializers.BooleanField()

    def get_hls_url(self, angle) -> str:
        return selectors.hls_url(angle)


class AngleInputSerializer(InputSerializer):
    device_id = id_integer()
