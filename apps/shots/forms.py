from django import forms

from apps.core.bounds import column_form_integer
from apps.shots.models import Shot, ShotType


class ShotForm(forms.Form):
    """One attempt from the scorekeeper page: its type, made or missed, and the spot when one was tapped."""

    type = forms.CharField(max_length=ShotType._meta.get_field("code").max_length)
    made = forms.TypedChoiceField(choices=[("1", "Made"), ("0", "Missed")], coerce=lambda value: value == "1")
    x = column_form_integer(Shot, "x", required=False)
    y = column_form_integer(Shot, "y", required=False)
