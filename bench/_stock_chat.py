"""The stock baseline of bench/fanout.py (`--baseline stock`): chat written the way the Channels
tutorial writes it, served by daphne as `bench._stock_chat:application`.

Each viewer's consumer joins the room's group; a message received is `group_send`-ed to the
group, and every consumer JSON-encodes it again for its own socket. No welcome, no batching,
no history. The process is otherwise ours: the site's settings (so the same channel layer,
chosen by CHANNEL_LAYER) and the same GIL switch interval, so that the consumer is the only
difference a run measures.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

sys.setswitchinterval(settings.ASGI_SWITCH_INTERVAL)


class StockChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"stock_chat_{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        message = json.loads(text_data)["message"]
        await self.channel_layer.group_send(self.group, {"type": "chat.message", "message": message})

    async def chat_message(self, event):
        await self.send(text_data=json.dumps({"message": event["message"]}))


application = ProtocolTypeRouter(
    {
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter([path("ws/stock/<str:room>/", StockChatConsumer.as_asgi())]))
        ),
    }
)
