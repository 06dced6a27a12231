from django.urls import path

from apps.streaming.consumers import StreamConsumer

websocket_urlpatterns = [
    path("ws/streams/<uuid:stream_id>/", StreamConsumer.as_asgi()),
    # The product spec's address for the same socket.
    path("api/v1/streams/<uuid:stream_id>/chat", StreamConsumer.as_asgi()),
]
