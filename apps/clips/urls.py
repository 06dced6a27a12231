app_name = "clips"

urlpatterns = []

# --- Highlights ------------------------------------------------------------------------------
from django.urls import path  # noqa: E402

from apps.clips import highlight_views  # noqa: E402

urlpatterns += [
    path("streams/<uuid:stream_id>/highlights/", highlight_views.stream_highlights, name="highlights"),
    *(
        path(
            f"highlights/<id:highlight_id>/{action}",
            highlight_views.highlight_review,
            {"action": action},
            name=f"highlight-{action}",
        )
        for action in highlight_views.REVIEW_ACTIONS
    ),
]
