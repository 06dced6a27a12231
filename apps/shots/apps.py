from django.apps import AppConfig


class ShotsConfig(AppConfig):
    name = "apps.shots"
    label = "shots"
    verbose_name = "Shot tracker and shot challenges"
