"""The project's allauth adapter: what a deactivated account sees when it signs in.

allauth checks the password before it looks at `is_active` (Django's ModelBackend refuses an
inactive user, allauth's backend stashes one whose password was right), so reaching
`respond_user_inactive` proves the password. Only then do we remember, for a short while, who it
was, and send them to `account_suspended`: config/urls.py routes it to moderation's page, which
shows a platform-banned user their ban and their appeal, and anyone deactivated for another reason
allauth's usual inactive page. A wrong password never gets here, so it never learns of a ban."""

from datetime import timedelta

from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import redirect
from django.utils import timezone

from apps.accounts.models import User

INACTIVE_SIGN_IN_KEY = "accounts.inactive_sign_in"
# How long the proof of a right password lets a deactivated user see their suspension and appeal.
INACTIVE_SIGN_IN_MAX_AGE = timedelta(minutes=30)


class AccountAdapter(DefaultAccountAdapter):
    def respond_user_inactive(self, request, user):
        request.session[INACTIVE_SIGN_IN_KEY] = {"user_id": user.pk, "at": timezone.now().timestamp()}
        return redirect("account_suspended")

    def login(self, request, user):
        # Whoever signs in on this browser next is not shown a suspended account's page.
        request.session.pop(INACTIVE_SIGN_IN_KEY, None)
        super().login(request, user)


def inactive_sign_in_user(request) -> User | None:
    """The deactivated user who gave their right password in this session within the last
    INACTIVE_SIGN_IN_MAX_AGE, or None (never signed in so, expired, or active again). The session
    is kept on the server, so its content needs no signature."""
    proof = request.session.get(INACTIVE_SIGN_IN_KEY)
    if not isinstance(proof, dict):
        return None
    if timezone.now().timestamp() - proof.get("at", 0) > INACTIVE_SIGN_IN_MAX_AGE.total_seconds():
        del request.session[INACTIVE_SIGN_IN_KEY]
        return None
    return User.objects.filter(pk=proof.get("user_id"), is_active=False).first()
