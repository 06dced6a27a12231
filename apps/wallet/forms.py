"""HTML forms of the wallet. They only shape input; the rules (minimums, limits) live in services."""

from django import forms
from django.conf import settings

from apps.core.bounds import column_form_integer
from apps.core.templatetags.money import minor_units
from apps.wallet.models import Payout


class PayoutForm(forms.Form):
    coins = column_form_integer(Payout, "coins", label="Coins to cash out", min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = minor_units(settings.WALLET_COIN_PAYOUT_VALUE_MINOR * 100)
        self.fields[
            "coins"
        ].help_text = f"Minimum {settings.WALLET_PAYOUT_MINIMUM_COINS:,} coins. 100 earned coins pay {value}."
        self.fields["coins"].widget.attrs.update({"inputmode": "numeric", "step": 1})
