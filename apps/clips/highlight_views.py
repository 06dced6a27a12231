"""The creator's highlight pages: every highlight of a stream (`/streams/<id>/highlights/`) and the
publish / discard buttons the studio's queue shares with it (htmx swaps the one row)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.clips import rules, selectors
from apps.clips.errors import HighlightNotFound
from apps.clips.services import highlights as services
from apps.core.exceptions import ApplicationError
from apps.core.htmx import partial_or_redirect
from apps.streaming.shortcuts import owned_stream_or_404

REVIEW_ACTIONS = {"publish": services.highlight_publish, "discard": services.highlight_discard}
DONE = {"publish": "Published: the clip is on your profile.", "discard": "Discarded."}


@require_GET
@login_required
def stream_highlights(request, stream_id):
    stream = owned_stream_or_404(request, stream_id)
    context = {"stream": stream, "highlights": selectors.stream_highlights(stream)}
    return render(request, "clips/highlights/page.html", context)


@require_POST
@login_required
def highlight_review(request, highlight_id: int, action: str):
    try:
        highlight = selectors.highlight_for(highlight_id=highlight_id)
    except HighlightNotFound:
        raise Http404("No such highlight.") from None
    # Anyone but the creator gets the 404 a missing highlight gets.
    if rules.highlight_review_problem(highlight, request.user):
        raise Http404("No such highlight.")
    error = None
    try:
        highlight = REVIEW_ACTIONS[action](highlight=highlight, by=request.user)
    except ApplicationError as refused:
        error = refused
    return partial_or_redirect(
        request,
        "clips/highlights/_highlight.html",
        lambda: {"highlight": selectors.highlight_for(highlight_id=highlight.pk), "error": error},
        to=reverse("clips:highlights", args=[highlight.stream_id]),
        done=DONE[action],
        errors=[error.detail] if error else [],
    )
