"""The challenge form (its score report is the matches' ReportForm). It only shapes input; the services decide."""

from django import forms

from apps.core.bounds import column_form_integer, column_form_text
from apps.tournaments.models import BEST_OF_CHOICES, Challenge, GameType


class ChallengeForm(forms.Form):
    game_type = forms.ModelChoiceField(
        label="Game", queryset=GameType.objects.filter(active=True), to_field_name="code", empty_label=None
    )
    best_of = forms.TypedChoiceField(label="Best of", choices=BEST_OF_CHOICES, coerce=int, initial=1)
    stake = column_form_integer(
        Challenge,
        "stake",
        label="Stake (coins each)",
        initial=0,
        help_text="Held in escrow until the match is decided; the winner takes both, less the platform's cut. "
        "0: a friendly (still rated).",
    )
    message = column_form_text(
        Challenge, "message", label="Message", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "game_type": data["game_type"].code,
            "best_of": data["best_of"],
            "stake": data["stake"],
            "message": data["message"],
        }
