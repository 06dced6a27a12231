# --- Highlights ------------------------------------------------------------------------------
from django.db.models import QuerySet

from apps.clips.errors import HighlightNotFound
from apps.clips.models import Highlight
from apps.devices.models import Angle
from apps.streaming.models import Status, Stream


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
