"""The studio's PK invitation. It only shapes input; apps.pk.services.battle_invite decides."""

from django import forms

from apps.gifting.models import Gift
from apps.pk import selectors
from apps.pk.models import Duration, Mode, TieRule


class BattleInviteForm(forms.Form):
    mode = forms.ChoiceField(label="Battle", choices=Mode.choices, initial=Mode.SOLO, widget=forms.RadioSelect)
    opponents = forms.TypedMultipleChoiceField(
        label="Opponents",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Solo: one live host. Team: 2 to 4.",
    )
    teammates = forms.TypedMultipleChoiceField(
        label="Your teammates",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Team battles only: 1 to 3 hosts on your side.",
    )
    duration = forms.TypedChoiceField(label="Duration", choices=Duration.choices, coerce=int, initial=Duration.FIVE)
    gift_id = forms.ChoiceField(label="What counts", required=False)
    tie_rule = forms.ChoiceField(label="On a tie", choices=TieRule.choices, initial=TieRule.DRAW)
    boosters = forms.BooleanField(
        label="Boosters: double points in the last 30 seconds (and during staff events)", required=False
    )

    def __init__(self, *args, host, **kwargs):
        super().__init__(*args, prefix="pk", **kwargs)
        self.fields["boosters"].label_suffix = ""
        streams = selectors.challengeable_streams(host=host)
        self.hosts = {stream.creator_id: stream.creator for stream in streams}
        choices = [(stream.creator_id, f"{stream.creator.public_name} · {stream.title}") for stream in streams]
        self.fields["opponents"].choices = self.fields["teammates"].choices = choices
        gifts = [(gift.pk, f"{gift.emoji} {gift.name} only") for gift in Gift.objects.on_sale()]
        self.fields["gift_id"].choices = [("", "All gifts count"), *gifts]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "opponents": [self.hosts[pk] for pk in data["opponents"]],
            "teammates": [self.hosts[pk] for pk in data["teammates"]],
            "duration_seconds": data["duration"],
            "gift_id": data["gift_id"] or None,
            "tie_rule": data["tie_rule"],
            "boosters_enabled": data["boosters"],
        }
