"""The double-entry core: post a transfer whose entries sum to zero, and move cached balances
in the same transaction. Only apps.wallet.services calls this.

The posting rule, the same on both paths below: the legs lock their accounts debits first, then
credits, each group in account-id order, so concurrent transfers cannot deadlock and the busiest
rows (creator earnings, platform revenue, which are credited) are locked last and held for the
shortest time before commit. A debit is one conditional UPDATE that cannot take its account below
the account's own `min_balance` (NULL: no floor, the mint), so no concurrency can overdraw one;
the database's CHECK constraint backs it up. How low an account may go is data on its row: a new
kind of account (escrow, a liability, a points mint) needs a row, not code. (docs/money.md
describes the whole ledger.)

A transfer moves one unit: coins, or the points of one channel (an account names its channel);
legs that mix them are refused before anything is written.

On PostgreSQL the rule runs inside one database function, wallet_post (migration 0009): one round
trip instead of a dozen. Elsewhere (SQLite, one process) the same steps run through the ORM.

A caller with a record of its own for the payment (a gift) passes `record`: the transfer row
is written first, then the record, then the legs, so the busy rows are locked by the caller's
last statement, not before its own inserts.
"""

from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from apps.wallet.accounts import AccountRef, resolve
from apps.wallet.errors import IdempotencyConflict, InsufficientCoins, InsufficientPoints, LedgerError
from apps.wallet.models import Account, Entry, Transfer, Unit

# An account and its signed amount.
Leg = tuple[AccountRef, int]

# A debit below its account's floor is refused in the transfer's unit.
_NOT_ENOUGH = {
    Unit.COINS: (InsufficientCoins, "Not enough coins for this."),
    Unit.POINTS: (InsufficientPoints, "Not enough points for this."),
}
_KEY_REUSED = "This idempotency key was already used for a different request."


def _check_balanced(legs: list[Leg]) -> None:
    if not legs:
        raise LedgerError("A transfer needs entries.")
    for _, amount in legs:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
            raise LedgerError(f"Entry amounts are non-zero integers, not {amount!r}.")
    if sum(amount for _, amount in legs) != 0:
        raise LedgerError(f"Entries must sum to zero: {[amount for _, amount in legs]}.")
    if len({(ref.unit, ref.channel_id) for ref, _ in legs}) != 1:
        raise LedgerError(f"A transfer moves one unit of one channel: {[ref for ref, _ in legs]}.")


def _refused(legs: list[Leg]) -> InsufficientCoins | InsufficientPoints:
    error, message = _NOT_ENOUGH[legs[0][0].unit]  # one unit: _check_balanced made sure
    return error(message)


def _same_transfer(transfer: Transfer, *, kind: str, legs: list[Leg]) -> bool:
    recorded = sorted(
        transfer.entries.values_list("account__kind", "account__owner_id", "account__channel_id", "amount")
    )
    legs_named = sorted((ref.kind, ref.owner_id, ref.channel_id, amount) for ref, amount in legs)
    return transfer.kind == kind and recorded == legs_named


def _replay(existing: Transfer, *, kind: str, legs: list[Leg]) -> Transfer:
    if not _same_transfer(existing, kind=kind, legs=legs):
        raise IdempotencyConflict(_KEY_REUSED)
    return existing


def post_transfer(
    *,
    kind: str,
    legs: list[Leg],
    reference: str = "",
    initiated_by=None,
    idempotency_key: str | None = None,
    memo: str = "",
    reverses: Transfer | None = None,
    record: Callable[[Transfer], None] | None = None,
) -> Transfer:
    """Write one balanced transfer of one unit. With an idempotency key, a repeat returns the first
    transfer (without calling `record`). Raises InsufficientCoins (InsufficientPoints for points),
    having written nothing, `record`'s writes included, when a debit would go below its floor."""
    _check_balanced(legs)
    fields = {
        "kind": kind,
        "reference": reference,
        "initiated_by": initiated_by,
        "idempotency_key": idempotency_key or None,
        "memo": memo[:300],
        "reverses": reverses,
    }
    if connection.vendor != "postgresql":
        return _post_with_orm(fields, legs, record)
    if record is not None:
        return _post_recorded_in_database(fields, legs, record)
    return _post_in_database(fields, legs)


def _post_in_database(fields: dict, legs: list[Leg]) -> Transfer:
    key = fields["idempotency_key"]
    if not key:
        return _call_post_function(fields, legs)
    try:
        with transaction.atomic():
            return _call_post_function(fields, legs)
    except IntegrityError:
        # A concurrent call with the same key committed first (our savepoint undid our debits).
        return _replay(Transfer.objects.get(idempotency_key=key), kind=fields["kind"], legs=legs)


def _call_post_function(fields: dict, legs: list[Leg]) -> Transfer:
    transfer_id, outcome, created_at = _wallet_post(None, fields, legs)
    if outcome == "insufficient":
        raise _refused(legs)
    if outcome == "replayed":
        return _replay(Transfer.objects.get(pk=transfer_id), kind=fields["kind"], legs=legs)
    transfer = Transfer(pk=transfer_id, created_at=created_at, **fields)
    transfer._state.adding = False
    transfer._state.db = connection.alias
    return transfer


def _wallet_post(written: Transfer | None, fields: dict, legs: list[Leg]) -> tuple:
    """wallet_post's (transfer_id, outcome, created_at): the legs of `written`, whose row the
    caller wrote already; or, with None, a whole transfer (an idempotency key replayed, else the
    legs, then the row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT transfer_id, outcome, created_at"
            " FROM wallet_post(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                written.pk if written else None,
                written.created_at if written else None,
                fields["kind"],
                fields["reference"],
                fields["initiated_by"].pk if fields["initiated_by"] else None,
                fields["idempotency_key"],
                fields["memo"],
                fields["reverses"].pk if fields["reverses"] else None,
                [ref.kind for ref, _ in legs],
                [ref.owner_id for ref, _ in legs],
                [ref.channel_id for ref, _ in legs],
                [ref.opening_min_balance for ref, _ in legs],
                [amount for _, amount in legs],
            ],
        )
        return cursor.fetchone()


def _create_transfer(fields: dict, legs: list[Leg]) -> tuple[Transfer, bool]:
    """The transfer's row, and whether it is new (False: its idempotency key was used first by a
    concurrent call, whose transfer this is)."""
    key = fields["idempotency_key"]
    if not key:
        return Transfer.objects.create(**fields), True
    try:
        with transaction.atomic():
            return Transfer.objects.create(**fields), True
    except IntegrityError:
        return _replay(Transfer.objects.get(idempotency_key=key), kind=fields["kind"], legs=legs), False


def _post_recorded_in_database(fields: dict, legs: list[Leg], record) -> Transfer:
    key = fields["idempotency_key"]
    if key and (existing := Transfer.objects.filter(idempotency_key=key).first()):
        return _replay(existing, kind=fields["kind"], legs=legs)
    # No savepoint around the whole: releasing it would be one more round trip while the busy
    # rows are locked. InsufficientCoins leaves the caller's transaction to roll back instead.
    with transaction.atomic(savepoint=False):
        transfer, new = _create_transfer(fields, legs)
        if not new:
            return transfer
        record(transfer)
        _, outcome, _ = _wallet_post(transfer, fields, legs)
        if outcome == "insufficient":
            raise _refused(legs)
    return transfer


def _post_with_orm(fields: dict, legs: list[Leg], record=None) -> Transfer:
    key = fields["idempotency_key"]
    if key and (existing := Transfer.objects.filter(idempotency_key=key).first()):
        return _replay(existing, kind=fields["kind"], legs=legs)
    with transaction.atomic():
        accounts = [(resolve(ref), amount) for ref, amount in legs]
        transfer, new = _create_transfer(fields, legs)
        if not new:  # a concurrent call with the same key won the race; answer as it did
            return transfer
        if record is not None:
            record(transfer)
        Entry.objects.bulk_create(
            Entry(transfer=transfer, account=account, amount=amount) for account, amount in accounts
        )
        _apply_balances(accounts, legs)
    return transfer


def _apply_balances(accounts: list[tuple[Account, int]], legs: list[Leg]) -> None:
    # The posting rule's order (see the module's docstring): debits, then credits, each by id.
    for account, amount in sorted(accounts, key=lambda leg: (leg[1] > 0, leg[0].pk)):
        rows = Account.objects.filter(pk=account.pk)
        if amount < 0:
            rows = rows.filter(Q(min_balance__isnull=True) | Q(balance__gte=F("min_balance") - amount))
        if rows.update(balance=F("balance") + amount) != 1:
            raise _refused(legs)
