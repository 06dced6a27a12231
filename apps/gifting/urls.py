from django.urls import path

from apps.gifting import views

app_name = "gifting"

urlpatterns = [
    path("streams/<uuid:stream_id>/gifts/send/", views.send, name="send"),
    path("streams/<uuid:stream_id>/tips/send/", views.tip, name="tip"),
    path("streams/<uuid:stream_id>/goal/", views.goal_update, name="goal"),
]
