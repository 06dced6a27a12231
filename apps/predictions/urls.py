from django.urls import path

from apps.predictions import views

app_name = "predictions"

urlpatterns = [
    path("streams/<uuid:stream_id>/points/claim/", views.claim, name="claim"),
    path("streams/<uuid:stream_id>/prediction/", views.panel, name="panel"),
    path("streams/<uuid:stream_id>/predictions/studio/", views.studio, name="studio"),
    path("streams/<uuid:stream_id>/predictions/open/", views.open_prediction, name="open"),
    path("predictions/<id:prediction_id>/stake/", views.stake, name="stake"),
    *(
        path(f"predictions/<id:prediction_id>/{action}/", views.settle, {"action": action}, name=action)
        for action in views.ACTIONS
    ),
]
