from django.urls import path

from apps.streaming import views

app_name = "streaming"

urlpatterns = [
    path("creator/go-live/", views.go_live, name="go_live"),
    # A tag may hold any character but a control one (the stream service keeps them so).
    path("tags/<path:tag>/", views.tag_page, name="tag"),
    path("streams/<uuid:stream_id>/", views.watch, name="watch"),
    path("streams/<uuid:stream_id>/studio/", views.studio, name="studio"),
    path("streams/<uuid:stream_id>/start/", views.start, name="start"),
    path("streams/<uuid:stream_id>/end/", views.end, name="end"),
    path("streams/<uuid:stream_id>/cancel/", views.cancel, name="cancel"),
    path("streams/<uuid:stream_id>/chat-settings/", views.chat_settings, name="chat_settings"),
    path("streams/<uuid:stream_id>/unlock/", views.unlock, name="unlock"),
    path("streams/<uuid:stream_id>/chat/", views.chat_post, name="chat_post"),
    path("streams/<uuid:stream_id>/chat/<id:message_id>/delete/", views.chat_delete, name="chat_delete"),
]
