from django.urls import path

from apps.streaming import views

app_name = "streaming"

urlpatterns = [
    path("creator/go-live/", views.go_live, name="go_live"),
    path("streams/<uuid:stream_id>/", views.watch, name="watch"),
    path("streams/<uuid:stream_id>/studio/", views.studio, name="studio"),
]
