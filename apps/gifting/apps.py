from django.apps import AppConfig


class GiftingConfig(AppConfig):
    name = "apps.gifting"
    label = "gifting"

    def ready(self):
        from apps.gifting.sockets import GiftingSection
        from apps.realtime.sections import register
        from apps.streaming.sockets import STREAM

        register(STREAM, GiftingSection())
