"""Reading clips, each under the rule of its stream (apps.clips.rules.clip_view_problem)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from apps.clips.errors import ClipNotFound, HighlightNotFound
from apps.clips.models import Clip, ClipStatus, Highlight
from apps.clips.rules import clip_view_problem
from apps.devices.models import Angle, Publish, Recording, RecordingStatus
from apps.streaming.models import Status, Stream
from apps.streaming.rules import can_see, watch_problem


def clip_for(*, clip_id, viewer) -> Clip:
    """The clip if this viewer may watch it; ClipNotFound otherwise (whatever the reason)."""
    clip = Clip.objects.select_related("stream", "creator__profile", "clipped_by").filter(pk=clip_id).first()
    if clip is None or not can_see(clip.stream, viewer):
        raise ClipNotFound("No such clip.")
    if problem := clip_view_problem(clip, viewer):
        raise problem
    return clip


def creator_clips(*, creator, viewer, limit: int = 12) -> list[Clip]:
    """A creator's ready, published clips that this viewer may watch, newest first."""
    clips = (
        Clip.objects.filter(creator=creator, status=ClipStatus.READY, published=True)
        .select_related("stream", "clipped_by")
        .order_by("-created_at")
    )
    # The rule is per stream (pay-per-view unlocks): ask it once per stream.
    allowed: dict = {}
    shown = []
    for clip in clips[: limit * 4]:
        if clip.stream_id not in allowed:
            allowed[clip.stream_id] = watch_problem(clip.stream, viewer) is None
        if allowed[clip.stream_id]:
            shown.append(clip)
        if len(shown) == limit:
            break
    return shown


def clip_recording(stream) -> Recording | None:
    """The recording an ended stream's clips are cut from: its first ready one."""
    return Recording.objects.filter(angle__stream=stream, status=RecordingStatus.READY).order_by("created_at").first()


def picture_offset_ms(*, stream, at) -> int | None:
    """Where the moment `at` (a datetime) falls on the stream's picture clock, the clock of
    `clip_cut_moment`: ms since its newest camera connection began publishing (an encoder's
    timestamps start at 0 as it connects). None when no camera has connected since `at`'s past."""
    publish = Publish.objects.filter(angle__stream=stream).order_by("-started_at").only("started_at").first()
    if publish is None or at < publish.started_at:
        return None
    return int((at - publish.started_at).total_seconds() * 1000)


def clips_overdue(*, now=None) -> list[str]:
    """Clips still pending a sweep after they were asked for: their cut was never queued, or was lost.
    Cutting them now makes them ready, or failed if their live video is gone by then."""
    since = (now or timezone.now()) - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS)
    pending = Clip.objects.filter(status=ClipStatus.PENDING, created_at__lt=since).order_by("created_at")
    return [str(pk) for pk in pending.values_list("pk", flat=True)]


# --- Highlights ------------------------------------------------------------------------------


def stream_highlights(stream: Stream, *, review: str | None = None) -> QuerySet[Highlight]:
    """A stream's highlights in the order they happened, with their clips (`review` narrows them:
    the studio's queue is the pending ones)."""
    highlights = Highlight.objects.filter(stream=stream).select_related("clip").order_by("start_offset_seconds", "id")
    return highlights.filter(review=review) if review else highlights


def highlight_for(*, highlight_id) -> Highlight:
    highlight = Highlight.objects.select_related("stream", "clip").filter(pk=highlight_id).first()
    if highlight is None:
        raise HighlightNotFound("No such highlight.")
    return highlight


def auto_highlights_on(stream: Stream) -> bool:
    """The finder works for a stream one of whose cameras has "Cut highlights automatically" on."""
    return Angle.objects.filter(stream=stream, device__auto_highlights=True).exists()


def live_streams_with_auto_highlights() -> QuerySet[Stream]:
    return Stream.objects.filter(status=Status.LIVE, angles__device__auto_highlights=True).distinct()
