"""System checks: a site whose providers cannot take or pay real money refuses to start.

Django runs them before `migrate` (the release step) and `check`; daphne and the Celery processes
run them at start too (apps.core.startup).
"""

from django.conf import settings
from django.core.checks import Error, register

from apps.wallet import payments, payouts

SANDBOX = payments.SandboxProvider.name
STRIPE = payments.StripeProvider.name


def _provider_errors(setting: str, known: dict) -> list[Error]:
    name = getattr(settings, setting)
    if name not in known:
        return [Error(f"{setting} is {name!r}, not one of: {', '.join(sorted(known))}.", id="wallet.E002")]
    if name == SANDBOX and not settings.WALLET_ALLOW_SANDBOX:
        real = sorted(set(known) - {SANDBOX})
        instead = f"set {setting} to {' or '.join(real)}" if real else "there is no other provider yet"
        return [
            Error(
                f"{setting} is the sandbox, which moves no real money, and this site does not allow it.",
                hint=f"For real money {instead}; a staging site sets WALLET_ALLOW_SANDBOX=true.",
                id="wallet.E001",
            )
        ]
    return []


@register("wallet")
def providers_check(app_configs=None, **kwargs) -> list[Error]:
    errors = _provider_errors("WALLET_PAYMENT_PROVIDER", payments.PROVIDERS)
    errors += _provider_errors("WALLET_PAYOUT_PROVIDER", payouts.PROVIDERS)
    if settings.WALLET_PAYMENT_PROVIDER == STRIPE:
        missing = [name for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") if not getattr(settings, name)]
        if missing:
            errors.append(
                Error(
                    f"WALLET_PAYMENT_PROVIDER is stripe but {' and '.join(missing)} is empty: "
                    "checkouts would fail, or paid purchases would never be confirmed.",
                    id="wallet.E003",
                )
            )
    return errors
