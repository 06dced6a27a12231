"""The sign-in lockout, one rule for both doors. The HTML sign-in (allauth's LoginView and
LoginForm) and `POST /api/v1/auth/token` count against the same allauth rate limits, in the same
cache: "login", every attempt per address, and "login_failed", wrong passwords per address and per
login (username or email). A locked-out attempt is refused before the password hasher runs."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_limits
from django.contrib.sites.shortcuts import get_current_site
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


@dataclass(frozen=True)
class LockoutState:
    """Where a user's sign-in lockout stands, for moderators: wrong passwords counted against their
    username and email in the current windows, and until when sign-in is refused (None: it is not)."""

    failures: int
    locked_until: datetime | None


def lockout_state(user, *, request) -> LockoutState:
    """The per-login half of the lockout (the per-address half belongs to an address, not a user).
    allauth keys a login's failures by the site's domain, which is the host the request came to."""
    domain = get_current_site(request).domain
    now, failures, until = time.time(), 0, 0.0
    for rate in allauth_limits.get_rates(app=APP, action="login_failed"):
        if rate.per != "key":
            continue
        for login in {user.username.lower(), (user.email or "").lower()} - {""}:
            # allauth's own key for a login's failures (its adapter's _get_login_attempts_cache_key).
            cache_key = allauth_limits.get_cache_key(
                None, app=APP, action="login_failed", rate=rate, key=f"{domain}:{login}"
            )
            window = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]
            failures = max(failures, len(window))
            if len(window) >= rate.amount:
                until = max(until, min(window) + rate.duration)
    return LockoutState(failures, datetime.fromtimestamp(until, tz=UTC) if until > now else None)
