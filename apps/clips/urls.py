from django.urls import path

from apps.clips import highlight_views, views

app_name = "clips"

urlpatterns = [
    path("clips/<uuid:clip_id>/", views.clip_page, name="clip"),
    path("clips/<uuid:clip_id>/video.mp4", views.clip_video, name="video"),
    path("clips/<uuid:clip_id>/thumbnail.jpg", views.clip_thumbnail, name="thumbnail"),
    path("clips/<uuid:clip_id>/delete/", views.clip_delete, name="delete"),
    path("streams/<uuid:stream_id>/clips/new/", views.clip_create, name="create"),
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
