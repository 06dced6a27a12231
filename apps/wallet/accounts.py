"""Finding (or opening) ledger accounts. Accounts open on first use, with a zero balance."""

from django.db import IntegrityError, transaction

from apps.wallet.models import USER_ACCOUNT_KINDS, Account, AccountKind


def user_account(user, kind: str = AccountKind.USER_WALLET) -> Account:
    if kind not in USER_ACCOUNT_KINDS:
        raise ValueError(f"{kind} is not a user account kind")
    return _get_or_open(kind=kind, owner=user)


def system_account(kind: str) -> Account:
    if kind in USER_ACCOUNT_KINDS:
        raise ValueError(f"{kind} belongs to a user")
    return _get_or_open(kind=kind, owner=None)


def _get_or_open(*, kind: str, owner) -> Account:
    account = Account.objects.filter(kind=kind, owner=owner).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(kind=kind, owner=owner)
    except IntegrityError:  # opened concurrently by another request
        return Account.objects.get(kind=kind, owner=owner)
