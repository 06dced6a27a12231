"""The viewer's time zone. The browser says which it is (static/js/time-zone.js posts it to
`POST /api/v1/me/time-zone`); a signed-in user's is kept on their profile and copied into the
session when they log in, an anonymous visitor's is kept in the session alone. The middleware
activates the session's zone for the request, so templates and forms show and read times in it
at no cost in queries."""

import zoneinfo
from datetime import UTC, datetime
from functools import cache

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

SESSION_KEY = "time_zone"


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known(name) -> bool:
    return isinstance(name, str) and name in known_zones()


def in_zone_of(profile, moment: datetime) -> str:
    """`moment` as the profile's owner reads it (UTC until their browser has told us their zone),
    for text that leaves the request, such as an email."""
    zone = zoneinfo.ZoneInfo(profile.time_zone) if is_known(profile.time_zone) else UTC
    return moment.astimezone(zone).strftime("%b %d, %H:%M %Z")


class TimeZoneMiddleware:
    """After the session and authentication middleware: the request's times are in its zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = request.session.get(SESSION_KEY)
        if is_known(zone):
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="accounts.time_zone_on_login")
def remember_zone_on_login(sender, request, user, **kwargs):
    """A new session starts in the zone the profile keeps (the browser corrects it if it moved)."""
    zone = user.profile.time_zone
    if request is not None and is_known(zone):
        request.session[SESSION_KEY] = zone
