"""Payout providers: how creators' cash leaves the platform.

Every call carries the payout's idempotency key; a provider pays a key at most once, so a
retried or redelivered task can never pay twice.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction


class TransientPayoutError(Exception):
    """The provider could not be reached or answered 5xx: try again later."""


@dataclass(frozen=True)
class PayoutResult:
    paid: bool
    reference: str = ""
    failure_reason: str = ""


class SandboxPayoutProvider:
    """Pays instantly into a local table that stands in for the bank.

    `WALLET_SANDBOX_PAYOUT_OUTCOME` ("paid", "failed" or "unavailable") lets demos and tests
    play the provider's other answers.
    """

    name = "sandbox"

    def send(self, payout) -> PayoutResult:
        from apps.wallet.models import SandboxBankTransfer

        outcome = settings.WALLET_SANDBOX_PAYOUT_OUTCOME
        if outcome == "unavailable":
            raise TransientPayoutError("The sandbox bank is unavailable.")
        if outcome == "failed":
            return PayoutResult(paid=False, failure_reason="The sandbox bank refused the transfer.")
        try:
            with transaction.atomic():
                record = SandboxBankTransfer.objects.create(
                    idempotency_key=payout.idempotency_key,
                    recipient=payout.user,
                    amount_minor=payout.amount_minor,
                    currency=payout.currency,
                )
        except IntegrityError:  # this key was paid already: answer as the first time
            record = SandboxBankTransfer.objects.get(idempotency_key=payout.idempotency_key)
        return PayoutResult(paid=True, reference=f"sandbox_bank_{record.pk}")


PROVIDERS = {provider.name: provider for provider in (SandboxPayoutProvider,)}


@cache
def _provider(name: str):
    return PROVIDERS[name]()


def payout_provider(name: str | None = None):
    return _provider(name or settings.WALLET_PAYOUT_PROVIDER)
