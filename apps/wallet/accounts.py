"""Naming ledger accounts, and finding (or opening) them. Accounts open on first use, with the
floor (`Account.min_balance`) their kind opens with."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from apps.wallet.models import POINTS_ACCOUNT_KINDS, USER_ACCOUNT_KINDS, Account, AccountKind, unit_of

# The floor each kind of account opens with; every kind not named here opens at 0 (never below
# zero). The mints have none: each issues its unit, so its balance is minus that unit in circulation.
OPENING_MIN_BALANCE: dict[str, int | None] = {AccountKind.MINT: None, AccountKind.POINTS_MINT: None}


@dataclass(frozen=True)
class AccountRef:
    """An account by what it is (a user's wallet, the mint...), not by row: the ledger resolves it
    when it posts, so building a transfer costs no queries."""

    kind: str
    owner_id: int | None = None
    # The channel whose points the account holds (points kinds only).
    channel_id: int | None = None

    def __post_init__(self):
        if (self.kind in USER_ACCOUNT_KINDS) != (self.owner_id is not None):
            raise ValueError(f"{self.kind} account with owner {self.owner_id!r}")
        if (self.kind in POINTS_ACCOUNT_KINDS) != (self.channel_id is not None):
            raise ValueError(f"{self.kind} account with channel {self.channel_id!r}")

    @property
    def opening_min_balance(self) -> int | None:
        return OPENING_MIN_BALANCE.get(self.kind, 0)

    @property
    def unit(self) -> str:
        return unit_of(self.kind)


def wallet_of(user) -> AccountRef:
    return AccountRef(AccountKind.USER_WALLET, user.pk)


def earnings_of(user) -> AccountRef:
    return AccountRef(AccountKind.CREATOR_EARNINGS, user.pk)


def system(kind: str) -> AccountRef:
    return AccountRef(kind)


def points_wallet_of(user, channel) -> AccountRef:
    return AccountRef(AccountKind.POINTS_WALLET, user.pk, channel.pk)


def points_escrow_of(channel) -> AccountRef:
    return AccountRef(AccountKind.POINTS_ESCROW, channel_id=channel.pk)


def points_mint_of(channel) -> AccountRef:
    return AccountRef(AccountKind.POINTS_MINT, channel_id=channel.pk)


def user_account(user, kind: str = AccountKind.USER_WALLET) -> Account:
    return resolve(AccountRef(kind, user.pk))


def system_account(kind: str) -> Account:
    return resolve(AccountRef(kind))


def resolve(ref: AccountRef) -> Account:
    named = {"kind": ref.kind, "owner_id": ref.owner_id, "channel_id": ref.channel_id}
    account = Account.objects.filter(**named).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(**named, min_balance=ref.opening_min_balance)
    except IntegrityError:  # opened concurrently by another request
        return Account.objects.get(**named)
