"""Device pages: register encoders and manage their keys; cameras of a stream (HLS and recordings: playback.py).

A key is shown in full once, in the response to the post that made it (never stored, never
in a redirect or a session), with no-store caching; afterwards only its hint.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.devices import media_server, selectors, services
from apps.devices.forms import DeviceForm
from apps.streaming.shortcuts import owned_stream_or_404


def _device_or_404(request, device_id):
    device = selectors.device_of(owner=request.user, device_id=device_id)
    if device is None:
        raise Http404("No such device.")
    return device


def _show_key(request, device, key: str):
    response = render(
        request,
        "devices/key_once.html",
        {"device": device, "key": key, "rtmp_url": settings.RTMP_INGEST_URL},
    )
    response["Cache-Control"] = "no-store"
    return response


def _form_data(form: DeviceForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
def device_list(request):
    form = DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, key = services.device_register(owner=request.user, **_form_data(form))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return _show_key(request, device, key)
    context = {
        "devices": selectors.devices_of(owner=request.user),
        "form": form,
        "rtmp_url": settings.RTMP_INGEST_URL,
        "media_server_missing": media_server.missing(),
    }
    return render(request, "devices/device_list.html", context, status=400 if form.errors else 200)


@login_required
def device_detail(request, device_id):
    device = _device_or_404(request, device_id)
    form = DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_update(device=device, by=request.user, data=_form_data(form))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Device saved.")
            return redirect("devices:detail", device_id=device.pk)
    context = {"device": device, "form": form, "rtmp_url": settings.RTMP_INGEST_URL}
    return render(request, "devices/device_detail.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def key_rotate(request, device_id):
    device = _device_or_404(request, device_id)
    key = services.ingest_key_rotate(device=device, by=request.user)
    return _show_key(request, device, key)


@require_POST
@login_required
def key_revoke(request, device_id):
    device = _device_or_404(request, device_id)
    services.ingest_key_revoke(device=device, by=request.user)
    messages.success(request, f"The key of {device.name} is revoked: nothing can publish with it any more.")
    return redirect("devices:detail", device_id=device.pk)


def _change_cameras(request, stream_id, device_id, change, done: str):
    stream = owned_stream_or_404(request, stream_id)
    device = _device_or_404(request, device_id)
    try:
        change(stream=stream, device=device, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, done.format(device=device.name))
    return redirect("streaming:studio", stream_id=stream.pk)


@require_POST
@login_required
def angle_attach(request, stream_id):
    return _change_cameras(
        request, stream_id, request.POST.get("device"), services.angle_attach, "{device} films this stream."
    )


@require_POST
@login_required
def angle_detach(request, stream_id, device_id):
    return _change_cameras(
        request, stream_id, device_id, services.angle_detach, "{device} no longer films this stream."
    )
