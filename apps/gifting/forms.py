"""HTML forms of the gift pages. They only shape input; the rules live in services."""

from django import forms

from apps.core.bounds import column_form_integer, column_form_text
from apps.gifting import selectors
from apps.gifting.models import StreamGiftTotals


class GoalForm(forms.Form):
    """The studio's donation goal. Field names are the stream API's, so service errors land on them."""

    donation_goal_title = column_form_text(
        StreamGiftTotals,
        "donation_goal_title",
        label="Goal",
        required=False,
        help_text="What the coins are for, e.g. “New ball”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "New ball"}),
    )
    donation_goal_target = column_form_integer(
        StreamGiftTotals,
        "donation_goal_target",
        label="Target (coins)",
        required=False,
        help_text="0 or empty: no goal. A new goal starts from zero.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "placeholder": "5000"}),
    )

    @classmethod
    def for_stream(cls, stream) -> "GoalForm":
        totals = selectors.gift_totals(stream=stream)
        initial = {
            "donation_goal_title": totals.donation_goal_title,
            "donation_goal_target": totals.donation_goal_target or None,
        }
        return cls(initial=initial, prefix="goal")

    @classmethod
    def cleared(cls) -> "GoalForm":
        """The form as "Remove goal" submits it: no title, no target."""
        return cls({"goal-donation_goal_title": "", "goal-donation_goal_target": "0"}, prefix="goal")

    def service_data(self) -> dict:
        return {
            "donation_goal_title": self.cleaned_data["donation_goal_title"].strip(),
            "donation_goal_target": self.cleaned_data["donation_goal_target"] or 0,
        }
