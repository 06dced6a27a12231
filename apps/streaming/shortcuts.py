"""404-raising lookups shared by the HTML views of streaming and gifting."""

from django.http import Http404

from apps.streaming import rules, selectors
from apps.streaming.errors import StreamNotFound
from apps.streaming.models import Stream


def visible_stream_or_404(request, stream_id) -> Stream:
    try:
        return selectors.stream_for(stream_id=stream_id, viewer=request.user)
    except StreamNotFound:
        raise Http404("No such stream.") from None


def owned_stream_or_404(request, stream_id) -> Stream:
    """The stream, for its creator only: anyone else gets the same 404 as for a missing stream."""
    stream = visible_stream_or_404(request, stream_id)
    if not rules.is_owner(stream, request.user):
        raise Http404("No such stream.")
    return stream
