from django import forms

from apps.core.bounds import ID_MAX, ID_MIN, column_form_integer, column_form_text
from apps.predictions.models import PREDICTION_MAX_OUTCOMES, Prediction, Stake
from apps.shots.models import ShotType


class PredictionOpenForm(forms.Form):
    title = column_form_text(Prediction, "title", required=False, label="Question")
    outcomes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=PREDICTION_MAX_OUTCOMES * 27,
        help_text="One outcome a line, 2 to 10. Leave empty for a shot prediction (Yes / No).",
    )
    window_seconds = column_form_integer(Prediction, "window_seconds", initial=120, label="Window (seconds)")
    shot_type = forms.ModelChoiceField(
        ShotType.objects.filter(active=True), required=False, to_field_name="code", label="Shot prediction: type"
    )
    shot_makes = column_form_integer(Prediction, "shot_makes", required=False, label="Makes")
    shot_attempts = column_form_integer(Prediction, "shot_attempts", required=False, label="Of the next")

    def service_data(self) -> dict:
        data = self.cleaned_data
        shot = None
        if data["shot_type"]:
            shot = {"type": data["shot_type"].code, "makes": data["shot_makes"], "attempts": data["shot_attempts"]}
        outcomes = [line.strip() for line in data["outcomes"].splitlines() if line.strip()]
        return {"title": data["title"], "outcomes": outcomes, "window_seconds": data["window_seconds"], "shot": shot}


class StakeForm(forms.Form):
    outcome_id = forms.IntegerField(min_value=ID_MIN, max_value=ID_MAX, widget=forms.HiddenInput)
    points = column_form_integer(Stake, "points")
