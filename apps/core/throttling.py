from django.conf import settings
from django.core.cache import cache
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle

# How long a user's count of refused writes is kept (moderators read it in the desk's user lookup).
THROTTLED_COUNT_SECONDS = 24 * 60 * 60


def _throttled_key(user_id: int) -> str:
    return f"throttled.write.user.{user_id}"


def throttled_count(user_id: int) -> int:
    """How many of the user's API writes the throttle refused in the last day or so."""
    return cache.get(_throttled_key(user_id), 0)


class WriteRateThrottle(UserRateThrottle):
    """The API's writes (POST, PUT, PATCH, DELETE), per user (per address when signed out), at
    settings.API_WRITE_RATE (empty: no limit), read at each request; reads are not counted.
    A signed-in user's refused writes are counted for moderators (throttled_count)."""

    scope = "write"

    def get_rate(self):
        return settings.API_WRITE_RATE or None

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS or super().allow_request(request, view):
            return True
        if request.user and request.user.is_authenticated:
            key = _throttled_key(request.user.pk)
            # The window starts at the first refusal; each later one adds to it.
            if not cache.add(key, 1, THROTTLED_COUNT_SECONDS):
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two calls
                    cache.add(key, 1, THROTTLED_COUNT_SECONDS)
        return False
