from django import forms

from apps.clips.models import (
    CLIP_DEFAULT_SECONDS,
    CLIP_MAX_SECONDS,
    CLIP_MIN_SECONDS,
    CLIP_WINDOW_SECONDS,
    RECORDING_MAX_SECONDS,
    Clip,
)
from apps.core.bounds import column_form_text


class ClipForm(forms.Form):
    title = column_form_text(Clip, "title")
    seconds = forms.IntegerField(min_value=CLIP_MIN_SECONDS, max_value=CLIP_MAX_SECONDS, initial=CLIP_DEFAULT_SECONDS)
    ends_seconds_ago = forms.IntegerField(min_value=0, max_value=CLIP_WINDOW_SECONDS, initial=0, required=False)
    start_seconds = forms.IntegerField(min_value=0, max_value=RECORDING_MAX_SECONDS, required=False)
