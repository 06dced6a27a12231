from django import forms

from apps.notifications.models import Kind


class PreferencesForm(forms.Form):
    """Two checkboxes per kind: `<kind>-in_app` and `<kind>-email`."""

    def __init__(self, *args, preferences: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for entry in preferences:
            kind = entry["kind"]
            for channel, label in (("in_app", "On the site"), ("email", "By email")):
                self.fields[f"{kind}-{channel}"] = forms.BooleanField(
                    required=False, initial=entry[channel], label=f"{entry['label']}: {label.lower()}"
                )
            self.rows.append((entry["label"], self[f"{kind}-in_app"], self[f"{kind}-email"]))

    def changes(self) -> dict[str, dict[str, bool]]:
        return {
            kind: {channel: self.cleaned_data[f"{kind}-{channel}"] for channel in ("in_app", "email")}
            for kind in Kind.values
        }
