from django.urls import path

from apps.clips.api import clips
from apps.clips.api import highlights as highlight_api

urlpatterns = [
    path("streams/<uuid:stream_id>/clips", clips.StreamClipsApi.as_view(), name="api-stream-clips"),
    path("clips/<uuid:clip_id>", clips.ClipApi.as_view(), name="api-clip"),
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
