"""The HTTP callbacks of nginx-rtmp (`on_publish`, `on_update`, `on_publish_done`, `on_record_done`).

Only the media server may call them: the URL carries a shared secret and the caller's address
must be allow-listed. nginx reads the status: 2xx goes on, 3xx on `on_publish` renames the stream
to the Location (the angle's public name), anything else drops the encoder. Log lines name the
refusal and the connection, never the key.
"""

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.devices import services

logger = logging.getLogger(__name__)


def hook_secret() -> str:
    """RTMP_HOOK_SECRET, or one derived from SECRET_KEY so that nothing needs configuring locally."""
    return (
        settings.RTMP_HOOK_SECRET or hmac.new(settings.SECRET_KEY.encode(), b"rtmp-hooks", hashlib.sha256).hexdigest()
    )


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def _client_id(request: HttpRequest) -> str:
    client_id = request.POST.get("clientid", "")
    if not client_id.isdigit() or len(client_id) > 20:
        raise services.DeviceInvalid("clientid is missing or not a number.", code="bad_request")
    return client_id


def _on_publish(request: HttpRequest, client_id: str) -> HttpResponse:
    publish = services.ingest_publish(
        name=request.POST.get("name"), client_id=client_id, address=_address(request.POST.get("addr"))
    )
    logger.info(
        "rtmp publish accepted: device %s on stream %s (client %s)",
        publish.key.device_id,
        publish.angle.stream_id,
        client_id,
    )
    return HttpResponseRedirect(publish.angle.playback_name)


def _on_update(request: HttpRequest, client_id: str) -> HttpResponse:
    services.ingest_update(name=request.POST.get("name"), client_id=client_id)
    return HttpResponse("ok")


def _on_publish_done(request: HttpRequest, client_id: str) -> HttpResponse:
    publish = services.ingest_publish_done(name=request.POST.get("name"), client_id=client_id)
    if publish is not None:
        logger.info("rtmp publish ended: stream %s (client %s)", publish.angle.stream_id, client_id)
    return HttpResponse("ok")


def _on_record_done(request: HttpRequest, client_id: str) -> HttpResponse:
    recording = services.recording_add(name=request.POST.get("name"), path=request.POST.get("path", ""))
    logger.info("rtmp recording %s received for stream %s", recording.pk, recording.angle.stream_id)
    return HttpResponse("ok")


CALLS = {
    "on_publish": _on_publish,
    "on_update": _on_update,
    "on_publish_done": _on_publish_done,
    "on_record_done": _on_record_done,
}


@csrf_exempt
@require_POST
def rtmp_hook(request: HttpRequest, secret: str, call: str) -> HttpResponse:
    caller = request.META.get("REMOTE_ADDR", "")
    if (
        not hmac.compare_digest(secret.encode(), hook_secret().encode())
        or caller not in settings.RTMP_HOOK_ALLOWED_ADDRESSES
    ):
        logger.warning("rtmp %s refused: not the media server (from %s)", call, caller)
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    handler = CALLS.get(call)
    if handler is None:
        return HttpResponse("unknown callback", status=404, content_type="text/plain")
    try:
        return handler(request, _client_id(request))
    except ApplicationError as exc:
        logger.warning(
            "rtmp %s refused: %s (client %s, from %s)",
            call,
            exc.code,
            request.POST.get("clientid", "?")[:20],
            _address(request.POST.get("addr")),
        )
        return HttpResponse(f"{exc.code}: {exc.detail}", status=exc.status, content_type="text/plain")
