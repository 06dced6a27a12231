"""The double-entry core: post a transfer whose entries sum to zero, and move cached balances
in the same transaction. Only apps.wallet.services calls this.

A debit is one conditional UPDATE (`balance >= amount`), so no concurrency can take an
account below zero; the database's CHECK constraint backs it up.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F

from apps.wallet.errors import IdempotencyConflict, InsufficientCoins, LedgerError
from apps.wallet.models import Account, AccountKind, Entry, Transfer

# The accounts a leg belongs to, with its signed amount.
Leg = tuple[Account, int]


def _check_balanced(legs: list[Leg]) -> None:
    if not legs:
        raise LedgerError("A transfer needs entries.")
    for _, amount in legs:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
            raise LedgerError(f"Entry amounts are non-zero integers, not {amount!r}.")
    if sum(amount for _, amount in legs) != 0:
        raise LedgerError(f"Entries must sum to zero: {[amount for _, amount in legs]}.")


def _same_transfer(transfer: Transfer, *, kind: str, legs: list[Leg]) -> bool:
    recorded = sorted(transfer.entries.values_list("account_id", "amount"))
    return transfer.kind == kind and recorded == sorted((account.pk, amount) for account, amount in legs)


def _apply_balances(legs: Iterable[Leg]) -> None:
    # Debits first, credits last: the busiest rows (creator earnings, platform revenue) are
    # credited, so their row locks are held for the shortest time before commit. Within each
    # group, a fixed order (by id) keeps concurrent transfers from deadlocking.
    legs = sorted(legs, key=lambda leg: (leg[1] > 0, leg[0].pk))
    for account, amount in legs:
        rows = Account.objects.filter(pk=account.pk)
        if amount < 0 and account.kind != AccountKind.MINT:
            rows = rows.filter(balance__gte=-amount)
        if rows.update(balance=F("balance") + amount) != 1:
            raise InsufficientCoins("Not enough coins for this.")


def post_transfer(
    *,
    kind: str,
    legs: list[Leg],
    reference: str = "",
    initiated_by=None,
    idempotency_key: str | None = None,
    memo: str = "",
    reverses: Transfer | None = None,
) -> Transfer:
    """Write one balanced transfer. With an idempotency key, a repeat returns the first transfer."""
    _check_balanced(legs)
    if idempotency_key:
        existing = Transfer.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if not _same_transfer(existing, kind=kind, legs=legs):
                raise IdempotencyConflict("This idempotency key was already used for a different request.")
            return existing
    with transaction.atomic():
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    kind=kind,
                    reference=reference,
                    initiated_by=initiated_by,
                    idempotency_key=idempotency_key or None,
                    memo=memo[:300],
                    reverses=reverses,
                )
        except IntegrityError:
            if not idempotency_key:
                raise
            # A concurrent call with the same key won the race; answer as it did.
            existing = Transfer.objects.get(idempotency_key=idempotency_key)
            if not _same_transfer(existing, kind=kind, legs=legs):
                raise IdempotencyConflict("This idempotency key was already used for a different request.") from None
            return existing
        Entry.objects.bulk_create(
            [Entry(transfer=transfer, account=account, amount=amount) for account, amount in legs]
        )
        _apply_balances(legs)
    return transfer
