from django.apps import AppConfig


class ShotsConfig(AppConfig):
    name = "apps.shots"
    label = "shots"
    verbose_name = "Shot tracker and shot challenges"

    def ready(self):
        from apps.realtime.sections import register
        from apps.shots.sockets import ShotsSection
        from apps.streaming.sockets import STREAM

        register(STREAM, ShotsSection())
