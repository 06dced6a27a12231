"""Clip pages: a clip's page (player, share link and Open Graph tags), its files, its deletion,
and the watch page's Clip form. Thin: the rules are apps.clips.rules, the writes apps.clips.services."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.clips import selectors
from apps.clips.errors import ClipNotFound
from apps.clips.forms import ClipForm
from apps.clips.models import ClipStatus
from apps.clips.services import clips as services
from apps.core.exceptions import ApplicationError
from apps.core.htmx import form_errors, partial_or_redirect
from apps.core.private_files import private_file_response
from apps.streaming.models import Status
from apps.streaming.rules import is_owner
from apps.streaming.shortcuts import visible_stream_or_404


def _clip_or_404(request, clip_id):
    try:
        return selectors.clip_for(clip_id=clip_id, viewer=request.user)
    except ClipNotFound:
        raise Http404("No such clip.") from None


@require_GET
def clip_page(request, clip_id):
    clip = _clip_or_404(request, clip_id)
    if clip.status == ClipStatus.READY:
        services.clip_viewed(clip=clip)
    context = {"clip": clip, "is_owner": is_owner(clip.stream, request.user), "share_url": request.build_absolute_uri()}
    return render(request, "clips/clip.html", context)


def _ready_file(request, clip_id, part: str):
    clip = _clip_or_404(request, clip_id)
    file = getattr(clip, part)
    if clip.status != ClipStatus.READY or not file:
        raise Http404("This clip is not ready.")
    return clip, file


@require_GET
def clip_video(request, clip_id):
    clip, file = _ready_file(request, clip_id, "video")
    # ?download: the creator keeps a copy; anyone else plays it.
    download = f"clip-{clip.pk}.mp4" if "download" in request.GET and is_owner(clip.stream, request.user) else None
    return private_file_response(file.name, content_type="video/mp4", download_name=download)


@require_GET
def clip_thumbnail(request, clip_id):
    _clip, file = _ready_file(request, clip_id, "thumbnail")
    return private_file_response(file.name, content_type="image/jpeg")


@login_required
@require_POST
def clip_delete(request, clip_id):
    clip = _clip_or_404(request, clip_id)
    stream_id = clip.stream_id
    try:
        services.clip_delete(clip=clip, by=request.user)
    except ApplicationError as exc:
        raise Http404(exc.detail) from None
    return redirect(reverse("streaming:watch", args=[stream_id]))


@login_required
@require_POST
def clip_create(request, stream_id):
    """The watch page's Clip form: the pending clip's link (its page says when it is ready), or why not."""
    stream = visible_stream_or_404(request, stream_id)
    form = ClipForm(request.POST)
    clip, errors = None, []
    if form.is_valid():
        try:
            clip = services.clip_create(
                stream=stream,
                user=request.user,
                title=form.cleaned_data["title"],
                seconds=form.cleaned_data["seconds"],
                ends_seconds_ago=form.cleaned_data["ends_seconds_ago"] or 0,
                start_seconds=form.cleaned_data["start_seconds"],
            )
        except ApplicationError as exc:
            errors = [exc.detail]
    else:
        errors = form_errors(form)
    if clip is not None and not request.htmx:
        return redirect(reverse("clips:clip", args=[clip.pk]))
    if clip is not None:
        clip.refresh_from_db(fields=["status", "error"])  # a quick worker (or eager Celery) may be done
    return partial_or_redirect(
        request,
        "clips/_clip_form.html",
        {
            "stream": stream,
            "clip_form": form if errors else ClipForm(),
            "clip_errors": errors,
            "clip_made": clip,
            "from_recording": stream.status != Status.LIVE,
        },
        to=reverse("streaming:watch", args=[stream.pk]),
        errors=errors,
    )
