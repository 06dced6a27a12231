from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "apps.streaming"
    label = "streaming"

    def ready(self):
        from apps.realtime.sections import register
        from apps.restrictions import hooks
        from apps.restrictions.services.channel import safety_changed_hooks
        from apps.streaming import restrictions
        from apps.streaming.events import send_channel_status
        from apps.streaming.sockets import STREAM, StreamingSection

        register(STREAM, StreamingSection())
        hooks.register(restrictions.on_restricted)
        # Shield mode or "established users only" switched: the channel's pages show it at once.
        safety_changed_hooks.register(self, send_channel_status)
