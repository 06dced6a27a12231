from django.urls import path

from apps.moderation.consumers import DeskConsumer

websocket_urlpatterns = [
    path("ws/moderation/", DeskConsumer.as_asgi()),
]
