"""The forms of a creator's channel moderation page (views_channel.py). Each is one service call;
the services check who may and write the audit rows."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from apps.accounts.models import User
from apps.restrictions.models import AUTOMOD_MAX_LEVEL, TERM_MAX_LENGTH, AutoModCategory, TermKind

AUTOMOD_LEVELS = [
    (0, "0 — off"),
    (1, "1 — the worst only"),
    (2, "2 — more"),
    (3, "3 — most"),
    (4, "4 — strictest"),
]
assert len(AUTOMOD_LEVELS) == AUTOMOD_MAX_LEVEL + 1
TERM_LIFETIMES = {"": "Never", "3600": "In 1 hour", "86400": "In 1 day", "604800": "In 7 days", "2592000": "In 30 days"}


class ModeratorAddForm(forms.Form):
    username = forms.CharField(label="Username", max_length=User._meta.get_field("username").max_length)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip().lstrip("@")
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No one has that username.")
        return user


class AutoModForm(forms.Form):
    level = forms.TypedChoiceField(label="AutoMod level", choices=AUTOMOD_LEVELS, coerce=int)
    categories = forms.MultipleChoiceField(
        label="Categories it holds",
        choices=AutoModCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TermForm(forms.Form):
    text = forms.CharField(
        label="Term",
        max_length=TERM_MAX_LENGTH,
        help_text="A word or phrase; * matches any letters (n00b*).",
    )
    kind = forms.ChoiceField(label="List", choices=TermKind.choices, initial=TermKind.BLOCKED)
    lifetime = forms.ChoiceField(label="Expires", choices=TERM_LIFETIMES.items(), required=False)

    def expires_at(self):
        seconds = self.cleaned_data.get("lifetime")
        return timezone.now() + timedelta(seconds=int(seconds)) if seconds else None


class SafetyForm(forms.Form):
    shield_mode = forms.BooleanField(
        label="Shield mode",
        required=False,
        help_text="Followers of 10 minutes or more, accounts of 24 hours or more, slow mode 10 s, AutoMod 4. "
        "Turning it off restores your settings.",
    )
    established_only = forms.BooleanField(
        label="Established users only",
        required=False,
        help_text="Accounts of 24 hours or more who have followed for 10 minutes.",
    )
    unique_chat = forms.BooleanField(
        label="Unique chat", required=False, help_text="The same message twice within 30 s is refused."
    )
    escalating_penalties = forms.BooleanField(
        label="Escalating penalties",
        required=False,
        help_text="A second timeout within 24 hours doubles; a third becomes 24 hours.",
    )
