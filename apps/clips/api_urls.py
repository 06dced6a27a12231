urlpatterns = []

# --- Highlights ------------------------------------------------------------------------------
from django.urls import path  # noqa: E402

from apps.clips.api import highlights as highlight_api  # noqa: E402

urlpatterns += [
    path(
        "streams/<uuid:stream_id>/highlights", highlight_api.StreamHighlightsApi.as_view(), name="api-stream-highlights"
    ),
    *(
        path(
            f"highlights/<id:highlight_id>/{action}",
            highlight_api.HighlightReviewApi.as_view(),
            {"action": action},
            name=f"api-highlight-{action}",
        )
        for action in highlight_api.REVIEW_ACTIONS
    ),
]
