"""HTML forms of the streaming pages. They only shape input; the rules live in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.bounds import column_form_integer, column_form_text, text_limit
from apps.streaming.models import DEFAULT_CATEGORY, SLOW_MODE_MAX_SECONDS, TAGS_MAX, Stream, Visibility
from apps.streaming.selectors import active_categories

SCHEDULE_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class GoLiveForm(forms.Form):
    GO_LIVE, SCHEDULE = "live", "schedule"

    title = column_form_text(Stream, "title", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    description = column_form_text(
        Stream,
        "description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {text_limit(Stream, 'description'):,} characters.",
    )
    category = forms.ModelChoiceField(
        queryset=active_categories(), to_field_name="slug", empty_label=None, initial=DEFAULT_CATEGORY
    )
    tags = forms.CharField(
        required=False,
        help_text=f"Comma separated, up to {TAGS_MAX}: handles, shooting, drills",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    thumbnail = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text="JPEG, PNG, WebP or GIF; 16:9 looks best.",
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PUBLIC)
    chat_enabled = forms.BooleanField(label="Chat on", required=False, initial=True)
    gifts_enabled = forms.BooleanField(label="Gifts on", required=False, initial=True)
    # A `datetime-local` value has no zone: Django's field reads it in the active zone, the creator's
    # own (apps.accounts.timezones), and shows a stored time back in it.
    scheduled_for = forms.DateTimeField(
        label="Start time",
        required=False,
        input_formats=SCHEDULE_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_for"].help_text = (
            f"Only for Schedule. In your time zone, {timezone.get_current_timezone_name()}."
            " Leave empty to set up now and start from the studio."
        )
        for name in ("chat_enabled", "gifts_enabled"):
            self.fields[name].label_suffix = ""

    @property
    def goes_live(self) -> bool:
        return self.data.get("action") != self.SCHEDULE

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action") not in (self.GO_LIVE, self.SCHEDULE):
            raise ValidationError("Choose Go live now or Schedule.")
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("title", "description", "category", "tags", "visibility", "chat_enabled", "gifts_enabled")
        }
        if not self.goes_live:
            fields["scheduled_for"] = data["scheduled_for"]
        if data.get("thumbnail"):
            fields["thumbnail"] = data["thumbnail"]
        return fields


class ChatSettingsForm(forms.Form):
    slow_mode_seconds = column_form_integer(
        Stream,
        "slow_mode_seconds",
        label="Slow mode (seconds)",
        max_value=SLOW_MODE_MAX_SECONDS,
        help_text="Seconds each viewer waits between messages; 0 turns it off.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    emote_only = forms.BooleanField(label="Emote-only", required=False)
    followers_only = forms.BooleanField(label="Followers-only", required=False)
    chat_enabled = forms.BooleanField(label="Chat on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("emote_only", "followers_only", "chat_enabled"):
            self.fields[name].label_suffix = ""

    @classmethod
    def for_stream(cls, stream, data=None):
        initial = {
            "slow_mode_seconds": stream.slow_mode_seconds,
            "emote_only": stream.emote_only,
            "followers_only": stream.followers_only,
            "chat_enabled": stream.chat_enabled,
        }
        return cls(data, initial=initial, prefix="chat")
