"""`{% highlight_queue stream %}`: the studio's queue of highlights waiting for the creator."""

from django import template

from apps.clips import rules, selectors
from apps.clips.models import HighlightReview

register = template.Library()

# The studio shows the newest few; the stream's highlights page has them all.
QUEUE_SHOWN = 10


@register.inclusion_tag("clips/highlights/_queue.html", takes_context=True)
def highlight_queue(context, stream):
    if rules.highlights_review_problem(stream, context["user"]):
        return {"shown": False}
    pending = selectors.stream_highlights(stream, review=HighlightReview.PENDING)
    return {
        "shown": True,
        "stream": stream,
        "highlights": list(pending.reverse()[:QUEUE_SHOWN]),
        "csrf_token": context.get("csrf_token"),
    }
