"""WebSocket routes: one socket per page subject (docs/realtime.md)."""

from apps.moderation.routing import websocket_urlpatterns as moderation_patterns
from apps.realtime.routing import websocket_urlpatterns as realtime_patterns
from apps.streaming.routing import websocket_urlpatterns as streaming_patterns
from apps.tournaments.routing import websocket_urlpatterns as tournament_patterns

websocket_urlpatterns = [*realtime_patterns, *streaming_patterns, *tournament_patterns, *moderation_patterns]
