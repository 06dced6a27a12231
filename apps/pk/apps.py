from django.apps import AppConfig


class PkConfig(AppConfig):
    name = "apps.pk"
    label = "pk"
    verbose_name = "PK battles"
