"""The sign-in lockout, one rule for both doors. The HTML sign-in (allauth's LoginView and
LoginForm) and `POST /api/v1/auth/token` count against the same allauth rate limits, in the same
cache: "login", every attempt per address, and "login_failed", wrong passwords per address and per
login (username or email). A locked-out attempt is refused before the password hasher runs."""

import time

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_limits
from django.core.cache import cache
from django.core.exceptions import ValidationError

from apps.core.exceptions import Throttled

APP = "allauth.account"
TOO_MANY_DETAIL = "Too many sign-in attempts. Try again later."


def authenticate(request, *, login: str, password: str):
    """The user `login` and `password` name, or None; raises Throttled while the lockout holds."""
    if not ratelimit.consume(request, action="login"):
        raise Throttled(TOO_MANY_DETAIL, retry_after=_retry_after(request, action="login"))
    adapter = get_adapter(request)
    try:
        return adapter.authenticate(request, username=login, password=password)
    except ValidationError as exc:
        if exc.code != "too_many_login_attempts":
            raise
        # allauth's own key for a login's failures, so both doors share the count.
        key = adapter._get_login_attempts_cache_key(request, username=login)
        raise Throttled(TOO_MANY_DETAIL, retry_after=_retry_after(request, action="login_failed", key=key)) from None


def _retry_after(request, *, action: str, key: str | None = None) -> float:
    """Seconds until every full window of `action`'s limits has room for one more attempt."""
    now, wait = time.time(), 0.0
    for rate in allauth_limits.get_rates(app=APP, action=action):
        cache_key = allauth_limits.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        window = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]
        if len(window) >= rate.amount:
            wait = max(wait, min(window) + rate.duration - now)
    return wait
