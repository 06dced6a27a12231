"""The tournament pages' forms. They only shape input (bounded numbers, a username to a user); the
services in apps.tournaments.services decide, and their errors come back onto these forms."""

from django import forms

from apps.accounts.models import User
from apps.core.bounds import formfield_with_column_bounds
from apps.tournaments import rules
from apps.tournaments.best_of import MAX_GAME_SCORE
from apps.tournaments.models import Format, GameType, Tournament
from apps.tournaments.services.entries import MAX_SPONSORSHIP_COINS

SPLIT_MAX_PLACES = 16
# A format's own option -> (that format, what the option is for the others).
FORMAT_OPTIONS = {
    "third_place": (Format.SINGLE_ELIMINATION, False),
    "grand_final": (Format.DOUBLE_ELIMINATION, None),
    "groups": (Format.ROUND_ROBIN, 1),
    "swiss_rounds": (Format.SWISS, None),
}


class TournamentForm(forms.ModelForm):
    prize_split = forms.CharField(
        label="Prize split (% by place)",
        initial="60, 30, 10",
        max_length=80,
        help_text="Percentages for 1st, 2nd, 3rd… separated by commas; they must add up to 100.",
    )

    class Meta:
        model = Tournament
        fields = [
            "name",
            "game_type",
            "description",
            "format",
            "third_place",
            "grand_final",
            "groups",
            "swiss_rounds",
            "best_of",
            "final_best_of",
            "capacity",
            "start_at",
            "check_in_minutes",
            "entry_fee",
            "verified_only",
            "seeding",
        ]
        labels = {
            "description": "Rules",
            "third_place": "Third-place match (single elimination)",
            "grand_final": "Grand final (double elimination)",
            "groups": "Groups (round robin)",
            "swiss_rounds": "Rounds (Swiss)",
            "best_of": "Matches are",
            "final_best_of": "The final is",
            "start_at": "Starts at",
            "check_in_minutes": "Check-in opens (minutes before the start)",
            "entry_fee": "Entry fee (coins)",
            "verified_only": "Verified players only (the entry fee is 1.25×)",
        }
        help_texts = {
            "description": "Scoring, court, anything players should know.",
            "third_place": "",
            "groups": "",
            "start_at": "In your time zone.",
        }
        formfield_callback = formfield_with_column_bounds
        widgets = {
            "start_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    # The form's sections, in order: (legend, fields).
    SECTIONS = [
        ("The event", ["name", "game_type", "description"]),
        ("Format", ["format", "best_of", "final_best_of", "third_place", "grand_final", "groups", "swiss_rounds"]),
        ("Players and time", ["capacity", "start_at", "check_in_minutes", "seeding"]),
        ("Money", ["entry_fee", "verified_only", "prize_split"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["game_type"].queryset = GameType.objects.filter(active=True)
        self.fields["game_type"].empty_label = None
        self.fields["format"].choices = Format.choices
        self.fields["format"].initial = Format.SINGLE_ELIMINATION
        for name in ("third_place", "verified_only"):
            self.fields[name].label_suffix = ""

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def clean_prize_split(self) -> list[int]:
        parts = [part.strip().rstrip("%") for part in self.cleaned_data["prize_split"].split(",") if part.strip()]
        if not parts or len(parts) > SPLIT_MAX_PLACES or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(f"Whole percentages separated by commas, 1 to {SPLIT_MAX_PLACES} places.")
        return [int(part) for part in parts]

    def service_data(self) -> dict:
        """The fields, with each format's own options sent only with that format (the service refuses
        a grand final for a round robin, say): the form shows them all, whatever is picked."""
        data = dict(self.cleaned_data)
        for option, (fmt, unused) in FORMAT_OPTIONS.items():
            if data["format"] != fmt:
                data[option] = unused
        return data


class GiftEntryForm(forms.Form):
    """Pay someone else's entry (a gifted entry)."""

    username = forms.CharField(label="Player's username", max_length=150)

    def clean_username(self) -> User:
        user = User.objects.filter(username__iexact=self.cleaned_data["username"].strip().lstrip("@")).first()
        if user is None:
            raise forms.ValidationError("There is no player with that username.")
        return user


class SponsorForm(forms.Form):
    coins = forms.IntegerField(label="Coins to add to the prize pool", min_value=1, max_value=MAX_SPONSORSHIP_COINS)


class GamesForm(forms.Form):
    """One row per game of a best-of: two scores. Rows past the deciding game stay empty."""

    games_required = True

    def __init__(self, *args, best_of: int, labels: tuple[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for number in range(1, best_of + 1):
            pair = []
            for side, label in enumerate(labels):
                name = f"game{number}_{side}"
                self.fields[name] = forms.IntegerField(
                    label=f"Game {number}: {label}", min_value=0, max_value=MAX_GAME_SCORE, required=False
                )
                pair.append(self[name])
            self.rows.append((number, pair))

    def clean(self):
        data = super().clean()
        games, ended = [], False
        for number, (first, second) in self.rows:
            scores = (data.get(first.name), data.get(second.name))
            if scores == (None, None):
                ended = True
                continue
            if None in scores:
                raise forms.ValidationError(f"Game {number} needs both scores.")
            if ended:
                raise forms.ValidationError(f"Game {number} comes after an empty game: fill the games in order.")
            games.append(list(scores))
        if not games and self.games_required:
            raise forms.ValidationError("Enter the score of at least one game.")
        data["games"] = games
        return data


class ReportForm(GamesForm):
    def __init__(self, *args, best_of: int, **kwargs):
        super().__init__(*args, best_of=best_of, labels=("my score", "their score"), **kwargs)


class SettleForm(GamesForm):
    """The organizer's decision: the winner, the games if known (from the first player's side) and why."""

    games_required = False

    reason = forms.CharField(label="Reason", max_length=rules.REASON_MAX_LENGTH)

    def __init__(self, *args, match, **kwargs):
        names = (match.player1.public_name, match.player2.public_name)
        super().__init__(*args, best_of=match.best_of, labels=names, prefix=f"settle-{match.pk}", **kwargs)
        self.fields["winner"] = forms.TypedChoiceField(
            label="Winner", coerce=int, choices=[(match.player1_id, names[0]), (match.player2_id, names[1])]
        )
        self.order_fields(["winner", *[f.name for _, pair in self.rows for f in pair], "reason"])


class ForfeitForm(forms.Form):
    """The organizer's ruling that a player loses this match without playing it, or is out of the tournament."""

    player = forms.TypedChoiceField(label="Player who forfeits", coerce=int)
    reason = forms.CharField(label="Reason", max_length=rules.REASON_MAX_LENGTH)
    disqualify = forms.BooleanField(
        label="Disqualify from the tournament (every later match is forfeited too)", required=False
    )

    def __init__(self, *args, match, **kwargs):
        super().__init__(*args, prefix="forfeit", **kwargs)
        self.fields["player"].choices = [
            (match.player1_id, match.player1.public_name),
            (match.player2_id, match.player2.public_name),
        ]
