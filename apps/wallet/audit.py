"""Proof of the books. Run after every money scenario in the tests, and by `manage.py wallet_audit`."""

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from apps.wallet.models import MINT_OF_UNIT, POINTS_ACCOUNT_KINDS, Account, Entry, Transfer, unit_of


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

    problems += _mixed_transfers(limit)
    problems += _issue_differs_from_holdings()

    entry_total = Entry.objects.aggregate(total=Sum("amount"))["total"] or 0
    if entry_total != 0:
        problems.append(f"all entries together sum to {entry_total} instead of 0")
    return problems[:limit]


def _mixed_transfers(limit: int) -> list[str]:
    """Transfers whose legs are not all one unit of one channel (the ledger refuses to post them)."""
    points_leg = Q(entries__account__kind__in=POINTS_ACCOUNT_KINDS)
    mixed = (
        Transfer.objects.annotate(
            points_legs=Count("entries", filter=points_leg),
            legs=Count("entries"),
            channels=Count("entries__account__channel", distinct=True),
        )
        .filter(Q(points_legs__gt=0, points_legs__lt=F("legs")) | Q(channels__gt=1))
        .values_list("pk", flat=True)[:limit]
    )
    return [f"transfer #{pk} mixes units or channels" for pk in mixed]


def _issue_differs_from_holdings() -> list[str]:
    """Per unit and channel, what the mint issued (minus its balance) against what the other accounts hold."""
    minted, held = defaultdict(int), defaultdict(int)
    for kind, channel_id, total in Account.objects.values_list("kind", "channel_id").annotate(total=Sum("balance")):
        unit = unit_of(kind)
        if kind == MINT_OF_UNIT[unit]:
            minted[unit, channel_id] -= total
        else:
            held[unit, channel_id] += total
    problems = []
    for unit, channel_id in sorted(minted.keys() | held.keys(), key=str):
        issued, outstanding = minted[unit, channel_id], held[unit, channel_id]
        if issued != outstanding:
            of = f" of channel #{channel_id}" if channel_id else ""
            problems.append(f"{unit}{of} minted ({issued}) differ from {unit} outstanding ({outstanding})")
    return problems
