from pathlib import PurePosixPath

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve

from apps.core.health import run_checks
from apps.core.middleware import API_PREFIX
from apps.core.uploads import PUBLIC_TYPES


@require_GET
@never_cache
def healthz(request):
    checks = run_checks()
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "down" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


@csrf_exempt
def api_not_found(request):
    return JsonResponse({"code": "not_found", "detail": "Nothing at this address."}, status=404)


def bad_request(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"code": "bad_request", "detail": "The request could not be read."}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """Our 404 page (templates/404.html); under /api/ the API's JSON, as for an unknown endpoint."""
    if request.path_info.startswith(API_PREFIX):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Our 500 page (templates/500.html, standalone); under /api/ the API's JSON shape."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"code": "server_error", "detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)


def public_media(request, path):
    """MEDIA_ROOT in the embedded default, served as nginx serves it in production: the types of
    PUBLIC_TYPES only, anything else a download, never sniffed, never run as a page of our origin."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = PUBLIC_TYPES.get(PurePosixPath(path).suffix.lower())
    response["Content-Type"] = content_type or "application/octet-stream"
    if content_type is None:
        response["Content-Disposition"] = "attachment"
    del response["Content-Encoding"]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
