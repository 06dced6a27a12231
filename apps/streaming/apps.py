from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "apps.streaming"
    label = "streaming"

    def ready(self):
        from apps.realtime.sections import register
        from apps.streaming.sockets import STREAM, StreamingSection

        register(STREAM, StreamingSection())
