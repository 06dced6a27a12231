"""Naming ledger accounts, and finding (or opening) them. Accounts open on first use, with the
floor (`Account.min_balance`) their kind opens with."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from apps.wallet.models import USER_ACCOUNT_KINDS, Account, AccountKind

# The floor each kind of account opens with; every kind not named here opens at 0 (never below
# zero). The mint has none: it issues every coin, so its balance is minus the coins in circulation.
OPENING_MIN_BALANCE: dict[str, int | None] = {AccountKind.MINT: None}


@dataclass(frozen=True)
class AccountRef:
    """An account by what it is (a user's wallet, the mint...), not by row: the ledger resolves it
    when it posts, so building a transfer costs no queries."""

    kind: str
    owner_id: int | None = None

    def __post_init__(self):
        if (self.kind in USER_ACCOUNT_KINDS) != (self.owner_id is not None):
            raise ValueError(f"{self.kind} account with owner {self.owner_id!r}")

    @property
    def opening_min_balance(self) -> int | None:
        return OPENING_MIN_BALANCE.get(self.kind, 0)


def wallet_of(user) -> AccountRef:
    return AccountRef(AccountKind.USER_WALLET, user.pk)


def earnings_of(user) -> AccountRef:
    return AccountRef(AccountKind.CREATOR_EARNINGS, user.pk)


def system(kind: str) -> AccountRef:
    return AccountRef(kind)


def user_account(user, kind: str = AccountKind.USER_WALLET) -> Account:
    return resolve(AccountRef(kind, user.pk))


def system_account(kind: str) -> Account:
    return resolve(AccountRef(kind))


def resolve(ref: AccountRef) -> Account:
    account = Account.objects.filter(kind=ref.kind, owner_id=ref.owner_id).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(kind=ref.kind, owner_id=ref.owner_id, min_balance=ref.opening_min_balance)
    except IntegrityError:  # opened concurrently by another request
        return Account.objects.get(kind=ref.kind, owner_id=ref.owner_id)
