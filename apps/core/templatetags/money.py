from django import template
from django.conf import settings

register = template.Library()

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.filter
def minor_units(amount: int, currency: str | None = None) -> str:
    """Integer minor units as a price: 129999 → "$1,299.99". No floats on the way."""
    currency = currency or settings.CURRENCY
    major, minor = divmod(int(amount), 100)
    symbol = SYMBOLS.get(currency)
    number = f"{major:,}.{minor:02d}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"
