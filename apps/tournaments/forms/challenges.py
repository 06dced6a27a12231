"""The challenge form (its score report is the matches' ReportForm). It only shapes input; the services decide."""

from django import forms

from apps.accounts.models import User
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

    on_behalf_of = forms.CharField(
        label="For a friend (optional)",
        required=False,
        max_length=150,
        help_text="A friend's username: they are the challenger, and you pay their stake.",
    )

    def clean_on_behalf_of(self):
        username = self.cleaned_data["on_behalf_of"].strip().lstrip("@")
        if not username:
            return None
        friend = User.objects.filter(username__iexact=username, is_active=True).select_related("profile").first()
        if friend is None:
            raise forms.ValidationError(f"No player is called {username}.")
        return friend

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "game_type": data["game_type"].code,
            "best_of": data["best_of"],
            "stake": data["stake"],
            "message": data["message"],
        }
