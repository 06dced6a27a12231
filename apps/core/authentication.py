"""API token authentication that loads the user's profile in the same query.

Most API answers and frames show who acted (name, tier badge: apps.streaming.events.author_payload),
which reads the profile; DRF's own class loads the user alone, so that was a second query per request.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related("user__profile").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
