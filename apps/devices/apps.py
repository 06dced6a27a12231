from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "apps.devices"
    label = "devices"
    verbose_name = "Devices and ingest"

    def ready(self):
        from apps.devices.sockets import DevicesSection
        from apps.realtime.sections import register
        from apps.streaming.sockets import STREAM

        register(STREAM, DevicesSection())
