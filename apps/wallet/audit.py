"""Proof of the books. Run after every money scenario in the tests, and by `manage.py wallet_audit`."""

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from apps.wallet.models import Account, AccountKind, Entry, Transfer


def audit(limit: int = 10) -> list[str]:
    """Return the first discrepancies found (empty when the books are right)."""
    problems: list[str] = []

    unbalanced = (
        Transfer.objects.annotate(total=Sum("entries__amount"))
        .filter(Q(total__isnull=True) | ~Q(total=0))
        .values_list("pk", "total")[:limit]
    )
    problems += [f"transfer #{pk} sums to {total} instead of 0" for pk, total in unbalanced]

    drifted = (
        Account.objects.annotate(entries_total=Coalesce(Sum("entries__amount"), 0))
        .exclude(balance=F("entries_total"))
        .values_list("pk", "kind", "balance", "entries_total")[:limit]
    )
    problems += [
        f"account #{pk} ({kind}) caches {balance} but its entries sum to {total}"
        for pk, kind, balance, total in drifted
    ]

    below_floor = Account.objects.filter(balance__lt=F("min_balance"))  # NULL, the mint's: no floor
    below_floor = below_floor.values_list("pk", "kind", "balance", "min_balance")
    problems += [
        f"account #{pk} ({kind}) is below its floor: {balance} < {floor}"
        for pk, kind, balance, floor in below_floor[:limit]
    ]

    minted = -(Account.objects.filter(kind=AccountKind.MINT).aggregate(total=Sum("balance"))["total"] or 0)
    outstanding = Account.objects.exclude(kind=AccountKind.MINT).aggregate(total=Sum("balance"))["total"] or 0
    if minted != outstanding:
        problems.append(f"coins minted ({minted}) differ from coins outstanding ({outstanding})")

    entry_total = Entry.objects.aggregate(total=Sum("amount"))["total"] or 0
    if entry_total != 0:
        problems.append(f"all entries together sum to {entry_total} instead of 0")
    return problems[:limit]
