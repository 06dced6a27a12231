from django.apps import AppConfig
from django.urls import register_converter
from django.urls.converters import get_converters


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"

    def ready(self):
        from apps.core.bounds import IdConverter

        if "id" not in get_converters():  # ready() runs again when a test installs another app
            register_converter(IdConverter, "id")
