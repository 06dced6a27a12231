from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "apps.streaming"
    label = "streaming"

    def ready(self):
        from apps.realtime.sections import register
        from apps.restrictions import hooks
        from apps.streaming import restrictions
        from apps.streaming.sockets import STREAM, StreamingSection

        register(STREAM, StreamingSection())
        hooks.register(restrictions.on_restricted)
