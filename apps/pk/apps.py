from django.apps import AppConfig


class PkConfig(AppConfig):
    name = "apps.pk"
    label = "pk"
    verbose_name = "PK battles"

    def ready(self):
        from apps.pk.sockets import PkSection
        from apps.realtime.sections import register
        from apps.streaming.sockets import STREAM

        register(STREAM, PkSection())
