"""ASGI entry point: HTTP goes to Django, WebSockets to the apps' consumers."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# Django must be set up before the consumers (and their models) are imported.
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from apps.core.request_threads import ReusedRequestThreads, SyncChainASGIHandler  # noqa: E402
from apps.core.startup import refuse_to_start_on_check_errors  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402

refuse_to_start_on_check_errors()

sys.setswitchinterval(settings.ASGI_SWITCH_INTERVAL)

django_asgi_app = SyncChainASGIHandler()
http_app = ASGIStaticFilesHandler(django_asgi_app) if settings.SERVE_FILES else django_asgi_app
application = ProtocolTypeRouter(
    {
        "http": ReusedRequestThreads(http_app),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
