"""Making clips: a viewer's cut of the last seconds of a live stream or of a finished stream's
recording, and the highlight finder's cut of a moment. The row is written at once (pending) and
the task `clips.cut` cuts it with ffmpeg after commit; the clipper hears `CL` when it is done."""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.clips import media
from apps.clips.errors import ClipInvalid, ClipRefused
from apps.clips.events import send_clip_done
from apps.clips.models import (
    CLIP_DEFAULT_SECONDS,
    CLIP_MAX_SECONDS,
    CLIP_MIN_SECONDS,
    CLIP_RATE_LIMIT,
    CLIP_RATE_SECONDS,
    CLIP_WINDOW_SECONDS,
    Clip,
    ClipSource,
    ClipStatus,
)
from apps.clips.rules import clip_delete_problem, clip_problem
from apps.clips.selectors import clip_recording
from apps.core.exceptions import Throttled
from apps.core.ffmpeg import MediaError
from apps.core.scheduling import run_after
from apps.devices.media import cut_thumbnail
from apps.devices.models import Publish
from apps.streaming.models import Status

logger = logging.getLogger(__name__)


def _check_seconds(seconds) -> int:
    if not isinstance(seconds, int) or not CLIP_MIN_SECONDS <= seconds <= CLIP_MAX_SECONDS:
        raise ClipInvalid(f"A clip lasts {CLIP_MIN_SECONDS} to {CLIP_MAX_SECONDS} seconds.", field="seconds")
    return seconds


def _check_title(title) -> str:
    title = (title or "").strip()
    limit = Clip._meta.get_field("title").max_length
    if not title or len(title) > limit:
        raise ClipInvalid(f"Give the clip a title of up to {limit} characters.", field="title")
    return title


def _check_rate(user) -> None:
    since = timezone.now() - timedelta(seconds=CLIP_RATE_SECONDS)
    recent = list(
        Clip.objects.filter(clipped_by=user, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:CLIP_RATE_LIMIT]
    )
    if len(recent) >= CLIP_RATE_LIMIT:
        wait = (recent[0] + timedelta(seconds=CLIP_RATE_SECONDS) - timezone.now()).total_seconds()
        raise Throttled(
            f"You can make {CLIP_RATE_LIMIT} clips every {CLIP_RATE_SECONDS // 60} minutes.", retry_after=wait
        )


def _live_publish(stream) -> Publish | None:
    """The camera connection a live clip is cut from: the newest one of the stream."""
    return Publish.objects.filter(angle__stream=stream).select_related("angle").order_by("-started_at").first()


def _hls_dir() -> Path:
    return Path(settings.MEDIA_SERVER_ROOT) / "hls"


def clip_create(*, stream, user, seconds=CLIP_DEFAULT_SECONDS, title, ends_seconds_ago=0, start_seconds=None) -> Clip:
    """The last `seconds` of a live stream, ending `ends_seconds_ago` before its live edge, all
    within the last CLIP_WINDOW_SECONDS; once it has ended, `seconds` of its recording from
    `start_seconds` into it."""
    if problem := clip_problem(stream, user):
        raise problem
    if stream.status != Status.LIVE:
        return clip_create_from_recording(
            stream=stream, user=user, title=title, start_seconds=start_seconds, seconds=seconds
        )
    seconds, title = _check_seconds(seconds), _check_title(title)
    if not isinstance(ends_seconds_ago, int) or not 0 <= ends_seconds_ago <= CLIP_WINDOW_SECONDS - seconds:
        raise ClipInvalid(f"A live clip reaches at most {CLIP_WINDOW_SECONDS} seconds back.", field="ends_seconds_ago")
    _check_rate(user)
    publish = _live_publish(stream)
    try:
        if publish is None:
            raise MediaError("no camera has published")
        segments = media.live_segments(_hls_dir(), publish.angle.playback_name)
    except MediaError as exc:
        raise ClipRefused(f"There is no live video to clip yet ({exc}).") from None
    end_ms = segments[-1].end_ms - ends_seconds_ago * 1000
    start_ms = end_ms - seconds * 1000
    if start_ms < segments[0].start_ms:
        raise ClipRefused("The stream has not been live that long.")
    return _clip_add(
        stream=stream, by=user, title=title, angle=publish.angle, start_ms=start_ms, duration_ms=seconds * 1000
    )


def clip_create_from_recording(*, stream, user, title, start_seconds, seconds=CLIP_DEFAULT_SECONDS) -> Clip:
    """`seconds` of a finished stream's recording, from `start_seconds` into it."""
    if problem := clip_problem(stream, user):
        raise problem
    seconds, title = _check_seconds(seconds), _check_title(title)
    recording = clip_recording(stream)
    if recording is None:
        raise ClipRefused("This stream is not live and has no recording to clip.")
    if start_seconds is None:
        raise ClipInvalid("Say where in the recording the clip starts.", field="start_seconds")
    if not isinstance(start_seconds, int) or not 0 <= start_seconds <= recording.duration_seconds - seconds:
        raise ClipInvalid(
            f"The recording lasts {recording.duration_seconds} seconds: start the clip within it.",
            field="start_seconds",
        )
    _check_rate(user)
    return _clip_add(
        stream=stream,
        by=user,
        title=title,
        angle=recording.angle,
        recording=recording,
        start_ms=start_seconds * 1000,
        duration_ms=seconds * 1000,
    )


def clip_cut_moment(*, stream, start_ms: int, duration_ms: int, title: str, published: bool) -> Clip:
    """A moment of a stream's live picture, cut for the highlight finder (no clipper). `start_ms` is
    on the picture's clock (ms since its camera began publishing); the segments must still be on the
    media server when the task runs (CLIP_WINDOW_SECONDS and more)."""
    if not isinstance(start_ms, int) or start_ms < 0:
        raise ClipInvalid("A moment starts at 0 ms or later.", field="start_ms")
    if not isinstance(duration_ms, int) or not CLIP_MIN_SECONDS * 1000 <= duration_ms <= CLIP_MAX_SECONDS * 1000:
        raise ClipInvalid(f"A clip lasts {CLIP_MIN_SECONDS} to {CLIP_MAX_SECONDS} seconds.", field="duration_ms")
    publish = _live_publish(stream)
    if publish is None:
        raise ClipRefused("No camera has published to this stream.")
    return _clip_add(
        stream=stream,
        by=None,
        title=_check_title(title),
        angle=publish.angle,
        start_ms=start_ms,
        duration_ms=duration_ms,
        published=published,
    )


def _clip_add(*, stream, by, title, angle, start_ms, duration_ms, recording=None, published=True) -> Clip:
    with transaction.atomic():
        clip = Clip.objects.create(
            stream=stream,
            creator_id=stream.creator_id,
            clipped_by=by,
            title=title,
            angle=angle,
            recording=recording,
            source=ClipSource.RECORDING if recording else ClipSource.LIVE,
            start_ms=start_ms,
            duration_ms=duration_ms,
            published=published,
        )
        run_after("clips.cut", args=[str(clip.pk)])
    return clip


def clip_cut(*, clip_id) -> Clip:
    """Cut a pending clip with ffmpeg into an MP4 and a JPEG. Idempotent: a cut clip is left alone,
    and one another run is cutting is skipped (its row stays locked meanwhile)."""
    with transaction.atomic():
        locked = Clip.objects.select_for_update(skip_locked=True, of=("self",))
        clip = locked.select_related("angle", "recording").filter(pk=clip_id).first()
        if clip is None:
            return Clip.objects.get(pk=clip_id)
        if clip.status != ClipStatus.PENDING:
            return clip
        base = f"clips/{clip.stream_id}/{clip.pk.hex}"
        storage = clip.video.storage
        video, picture = Path(storage.path(f"{base}.mp4")), Path(storage.path(f"{base}.jpg"))
        try:
            seconds = _cut(clip, video)
            cut_thumbnail(video, picture, seconds)
        except MediaError as exc:
            logger.warning("clip %s could not be cut: %s", clip.pk, exc)
            clip.status, clip.error = ClipStatus.FAILED, str(exc)[:300]
            clip.save(update_fields=["status", "error"])
        else:
            clip.video.name, clip.thumbnail.name = f"{base}.mp4", f"{base}.jpg"
            clip.status, clip.error, clip.ready_at = ClipStatus.READY, "", timezone.now()
            clip.save(update_fields=["video", "thumbnail", "status", "error", "ready_at"])
        send_clip_done(clip)
    return clip


def _cut(clip: Clip, target: Path) -> float:
    end_ms = clip.start_ms + clip.duration_ms
    if clip.source == ClipSource.RECORDING:
        if clip.recording is None or not clip.recording.video:
            raise MediaError("the recording is gone")
        video = Path(clip.recording.video.path)
        return media.cut_recording(video, start_ms=clip.start_ms, end_ms=end_ms, target=target)
    if clip.angle is None:
        raise MediaError("the camera is gone")
    segments = media.live_segments(_hls_dir(), clip.angle.playback_name)
    return media.cut_live(segments, start_ms=clip.start_ms, end_ms=end_ms, target=target)


def clip_delete(*, clip: Clip, by) -> None:
    if problem := clip_delete_problem(clip, by):
        raise problem
    names = [file.name for file in (clip.video, clip.thumbnail) if file]
    storage = clip.video.storage
    with transaction.atomic():
        clip.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names], robust=True)


def clip_viewed(*, clip: Clip) -> None:
    Clip.objects.filter(pk=clip.pk).update(views=F("views") + 1)
