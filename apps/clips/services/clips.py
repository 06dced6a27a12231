"""Placeholder for helper K's clips service: only what the highlight finder calls."""

from apps.clips.models import Clip
from apps.streaming.models import Stream


def clip_cut_moment(*, stream: Stream, start_ms: int, duration_ms: int, title: str, published: bool) -> Clip:
    return Clip.objects.create(
        stream=stream,
        creator_id=stream.creator_id,
        title=title,
        start_ms=start_ms,
        duration_ms=duration_ms,
        published=published,
    )
