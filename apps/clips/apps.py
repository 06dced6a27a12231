from django.apps import AppConfig


class ClipsConfig(AppConfig):
    name = "apps.clips"
    label = "clips"
    verbose_name = "Clips and highlights"
