"""The signed-in user's coin balance for the nav, asked for only when a template shows it."""

from functools import cache

from apps.wallet import selectors


def coin_balance(request) -> dict:
    if not request.user.is_authenticated:
        return {}

    # A callable: templates call it on first use (one query), and pages that pass their own
    # `nav_coin_balance` (the wallet page) never call it at all.
    @cache
    def nav_coin_balance() -> int:
        return selectors.balance_of(user=request.user)

    return {"nav_coin_balance": nav_coin_balance}
