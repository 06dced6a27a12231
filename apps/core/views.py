from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts import selectors as account_selectors
from apps.core.health import run_checks


@require_GET
@never_cache
def healthz(request):
    checks = run_checks()
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "down" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


def live(request):
    """Live now. Until streams land it shows the creators to follow."""
    creators = account_selectors.creator_directory()[:24]
    return render(request, "core/live.html", {"creators": creators})


def coming_soon(request, *, section: str):
    return render(request, "core/coming_soon.html", {"section": section})
