from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle


class WriteRateThrottle(UserRateThrottle):
    """The API's writes (POST, PUT, PATCH, DELETE), per user (per address when signed out), at
    settings.API_WRITE_RATE (empty: no limit), read at each request; reads are not counted."""

    scope = "write"

    def get_rate(self):
        return settings.API_WRITE_RATE or None

    def allow_request(self, request, view):
        return request.method in SAFE_METHODS or super().allow_request(request, view)
