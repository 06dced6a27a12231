from django import forms

from apps.devices.models import Device
from apps.devices.services import DEVICE_FIELDS


class DeviceForm(forms.ModelForm):
    """The fields a creator sets; the rules (unique serial, lengths) are the service's."""

    class Meta:
        model = Device
        fields = list(DEVICE_FIELDS)
        labels = {"ai_tracking": "AI player tracking", "auto_highlights": "Cut highlights automatically"}
        help_texts = {"serial": "On the gimbal's box or in the XBot Go app. Leave empty for OBS."}
