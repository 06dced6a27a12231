from django.urls import path

from apps.pk import services, views

app_name = "pk"

urlpatterns = [
    path("streams/<uuid:stream_id>/pk/", views.panel, name="panel"),
    path("streams/<uuid:stream_id>/pk/invite/", views.invite, name="invite"),
    *(
        path(f"streams/<uuid:stream_id>/pk/<id:battle_id>/{action}/", views.respond, {"action": action}, name=action)
        for action in services.HOST_ACTIONS
    ),
]
