from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve

from apps.accounts import selectors as account_selectors
from apps.core.health import run_checks
from apps.core.middleware import API_PREFIX
from apps.core.uploads import PUBLIC_TYPES
from apps.streaming import selectors as stream_selectors
from apps.streaming.models import Category

# The /live/ grid shows this many streams; the rest are a filter away.
STREAMS_SHOWN = 48
LIVE_TABS = {"live": "Live now", "scheduled": "Scheduled"}
SORT_LABELS = {"viewers": "Most viewers", "newest": "Newest", "trending": "Trending"}


@require_GET
@never_cache
def healthz(request):
    checks = run_checks()
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "down" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    is_current: bool


def _live_url(**params) -> str:
    """/live/ with the given filters; defaults are left out, so every view has one address."""
    defaults = {"status": "live", "category": None, "sort": "viewers"}
    query = urlencode({key: value for key, value in params.items() if value and value != defaults[key]})
    return reverse("live") + (f"?{query}" if query else "")


def live(request):
    """Live now: the grid of public live streams (or the scheduled ones), then creators to follow."""
    status = request.GET.get("status")
    status = status if status in LIVE_TABS else "live"
    category = request.GET.get("category")
    category = category if category in Category.values else None
    sort = request.GET.get("sort")
    sort = sort if sort in stream_selectors.SORTS else "viewers"
    streams = list(
        stream_selectors.stream_list(viewer=request.user, status=status, category=category, sort=sort)[:STREAMS_SHOWN]
    )
    current = {"status": status, "category": category, "sort": sort}
    context = {
        "streams": streams,
        "status": status,
        "category": category,
        "category_label": Category(category).label if category else "",
        "sort": sort,
        "tabs": [
            FilterLink(label, _live_url(**{**current, "status": key}), key == status)
            for key, label in LIVE_TABS.items()
        ],
        "categories": [FilterLink("All", _live_url(**{**current, "category": None}), category is None)]
        + [
            FilterLink(label, _live_url(**{**current, "category": key}), key == category)
            for key, label in Category.choices
        ],
        "sorts": [
            FilterLink(label, _live_url(**{**current, "sort": key}), key == sort) for key, label in SORT_LABELS.items()
        ],
        "creators": account_selectors.creator_directory()[:24],
    }
    return render(request, "core/live.html", context)


@csrf_exempt
def api_not_found(request):
    return JsonResponse({"code": "not_found", "detail": "Nothing at this address."}, status=404)


def bad_request(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"code": "bad_request", "detail": "The request could not be read."}, status=400)
    return defaults.bad_request(request, exception)


def coming_soon(request, *, section: str):
    return render(request, "core/coming_soon.html", {"section": section})


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
