"""HTML forms of shot challenges. They only shape input; the rules live in the challenge service."""

from django import forms

from apps.core.bounds import column_form_integer, column_form_text
from apps.shots.models import ShotChallenge, ShotChallengeSettings, ShotType


def _type_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *ShotType.objects.filter(active=True).values_list("code", "name")]


class ChallengeForm(forms.Form):
    """A viewer's challenge. Field names are the API's, so service errors land on them."""

    text = column_form_text(
        ShotChallenge,
        "text",
        label="Your challenge",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Half-court shot"}),
    )
    coins = column_form_integer(
        ShotChallenge,
        "coins",
        label="Your price (coins)",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    type = forms.ChoiceField(label="Kind of shot", required=False)

    def __init__(self, *args, min_coins: int, **kwargs):
        kwargs.setdefault("initial", {"coins": min_coins})
        super().__init__(*args, **kwargs)
        self.fields["coins"].widget.attrs["min"] = min_coins
        self.fields["coins"].help_text = f"At least {min_coins:,}. Back in full if declined or not tried in 30 minutes."
        self.fields["type"].choices = _type_choices("Any")


class AttemptForm(forms.Form):
    """Made or missed (the button pressed), and the kind of shot it was."""

    made = forms.TypedChoiceField(choices=[("true", "Made"), ("false", "Missed")], coerce=lambda v: v == "true")
    type = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _type_choices("The kind asked for")


class ChallengeSettingsForm(forms.ModelForm):
    min_coins = column_form_integer(ShotChallengeSettings, "min_coins", label="Minimum (coins)")

    class Meta:
        model = ShotChallengeSettings
        fields = ["enabled", "min_coins"]
        labels = {"enabled": "Take shot challenges"}
