from django import forms

from apps.devices.models import Device


class DeviceForm(forms.ModelForm):
    """The fields a creator sets; the rules (unique serial, lengths) are the service's."""

    class Meta:
        model = Device
        fields = [
            "name",
            "model",
            "serial",
            "connection_method",
            "quality",
            "angle_label",
            "ai_tracking",
            "auto_highlights",
        ]
        labels = {"ai_tracking": "AI player tracking", "auto_highlights": "Cut highlights automatically"}
        help_texts = {"serial": "On the gimbal's box or in the XBot Go app. Leave empty for OBS."}
