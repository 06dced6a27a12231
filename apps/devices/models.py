"""Encoders (XBot gimbals, OBS, any RTMP encoder), their ingest keys, the angles they film
streams from, their publishing sessions and the recordings those leave."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.private_files import private_storage


class DeviceModel(models.TextChoices):
    XBOT_GO_CHAMELEON = "xbot_go_chameleon", "XBot Go Chameleon"
    OBS = "obs", "OBS Studio"
    OTHER_RTMP = "other_rtmp", "Other RTMP encoder"


class ConnectionMethod(models.TextChoices):
    WIFI_DIRECT = "wifi_direct", "Wi-Fi Direct"
    BLUETOOTH = "bluetooth", "Bluetooth"
    USB_TETHERING = "usb_tethering", "USB tethering"


class Quality(models.TextChoices):
    P1080_60 = "1080p_60fps", "1080p at 60 fps"
    P720_60 = "720p_60fps", "720p at 60 fps"
    P480_30 = "480p_30fps", "480p at 30 fps"


SERIAL_TAKEN = "A device with this serial is already registered to another account."


class Device(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(max_length=60)
    model = models.CharField(max_length=20, choices=DeviceModel.choices, default=DeviceModel.XBOT_GO_CHAMELEON)
    # Blank for software encoders; a gimbal's serial belongs to one account.
    serial = models.CharField(max_length=64, blank=True)
    connection_method = models.CharField(
        max_length=16, choices=ConnectionMethod.choices, default=ConnectionMethod.WIFI_DIRECT
    )
    quality = models.CharField(max_length=12, choices=Quality.choices, default=Quality.P720_60)
    angle_label = models.CharField(max_length=40, blank=True, help_text='Where it films from, e.g. "Baseline".')
    ai_tracking = models.BooleanField(default=True)
    auto_highlights = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["serial"],
                condition=~Q(serial=""),
                name="device_serial_once",
                violation_error_message=SERIAL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.angle_label or self.name


class IngestKey(models.Model):
    """The secret an encoder publishes with. Only its SHA-256 is kept; the key is shown once."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="keys")
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so the owner can tell keys apart; not enough to guess the rest.
    hint = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["device"], condition=Q(revoked_at__isnull=True), name="one_live_key_per_device"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hint}… ({'revoked' if self.revoked_at else 'active'})"


def new_playback_name() -> str:
    return secrets.token_hex(10)


class Angle(models.Model):
    """A device filming one stream. Its HLS output is named `playback_name`, never the key."""

    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="angles")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="angles")
    playback_name = models.CharField(max_length=32, unique=True, default=new_playback_name, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["stream", "device"], name="device_once_per_stream")]

    def __str__(self) -> str:
        return f"{self.device} on {self.stream_id}"


class Publish(models.Model):
    """One encoder connection to the ingest, from nginx's on_publish to its on_publish_done."""

    angle = models.ForeignKey(Angle, on_delete=models.CASCADE, related_name="publishes")
    key = models.ForeignKey(IngestKey, on_delete=models.CASCADE, related_name="publishes")
    # nginx-rtmp's connection id: on_update and on_publish_done name the connection by it.
    client_id = models.CharField(max_length=20)
    address = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField()
    last_update_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One encoder connection per device at a time: a second publish is refused.
            models.UniqueConstraint(fields=["angle"], condition=Q(ended_at__isnull=True), name="one_publish_per_angle"),
        ]
        indexes = [models.Index(fields=["client_id", "ended_at"])]

    def __str__(self) -> str:
        return f"publish {self.client_id} ({self.angle})"


class RecordingStatus(models.TextChoices):
    PENDING = "pending", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Recording(models.Model):
    """What one angle recorded; a Celery task remuxes it to MP4 and cuts a thumbnail. Both are
    files on disk (ffmpeg writes them) in private storage: apps.devices.playback serves them to
    those the stream's rules allow."""

    angle = models.ForeignKey(Angle, on_delete=models.CASCADE, related_name="recordings")
    source_path = models.CharField(max_length=500, unique=True, help_text="The FLV nginx wrote.")
    video = models.FileField(storage=private_storage, upload_to="vod/", blank=True)
    thumbnail = models.FileField(storage=private_storage, upload_to="vod/", blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=RecordingStatus.choices, default=RecordingStatus.PENDING)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"recording of {self.angle}"
