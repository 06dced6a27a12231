"""The challenge form and the score report. They only shape input; the services decide."""

from django import forms

from apps.core.bounds import column_form_integer, column_form_text
from apps.tournaments.best_of import MAX_GAME_SCORE
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


class ChallengeReportForm(forms.Form):
    """A player's scores of the games played, from their side: a row per game the best-of may take;
    games left empty were not played."""

    def __init__(self, *args, best_of: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = range(1, best_of + 1)
        for number in self.numbers:
            for side, whose in (("mine", "your"), ("theirs", "their")):
                self.fields[f"game{number}_{side}"] = forms.IntegerField(
                    label=f"Game {number}, {whose} score", min_value=0, max_value=MAX_GAME_SCORE, required=False
                )
        self.rows = [(number, self[f"game{number}_mine"], self[f"game{number}_theirs"]) for number in self.numbers]

    def clean(self) -> dict:
        data = super().clean()
        games = []
        for number in self.numbers:
            scores = [data.get(f"game{number}_mine"), data.get(f"game{number}_theirs")]
            if scores.count(None) == 1:
                raise forms.ValidationError(f"Give both scores of game {number}.")
            if None not in scores:
                games.append(scores)
        if not games:
            raise forms.ValidationError("Give the score of at least one game.")
        data["games"] = games
        return data
