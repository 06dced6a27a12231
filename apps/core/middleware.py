from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.views.defaults import bad_request

from apps.core.text import UNSAFE_TEXT_DETAIL, is_unsafe_text

API_PREFIX = "/api/"

# No inline script anywhere: every script is a same-origin file. WebSockets go to our own host.
DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        # Images are ours: sponsor logos too are uploaded, so no page makes a third-party request.
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self' ws: wss:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class RefuseUnsafeTextMiddleware:
    """A path or query string holding NUL or an unpaired surrogate (apps.core.text) is a 400 before any
    view runs: JSON under /api/, Django's plain "Bad Request" page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_unsafe_text(request.path_info) or is_unsafe_text(list(request.GET.lists())):
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"code": "invalid_text", "detail": UNSAFE_TEXT_DETAIL}, status=400)
            return bad_request(request, SuspiciousOperation(UNSAFE_TEXT_DETAIL))
        return self.get_response(request)
