from django.apps import AppConfig


class PkConfig(AppConfig):
    name = "apps.pk"
    label = "pk"
    verbose_name = "PK battles"

    def ready(self):
        from apps.gifting.domain_events import GiftHook, gift_hooks
        from apps.pk import services
        from apps.pk.sockets import PkSection
        from apps.realtime.sections import register
        from apps.streaming.domain_events import stream_end_hooks
        from apps.streaming.sockets import STREAM

        # A gift to a host in a battle scores in the gift's own transaction; a host whose stream
        # ends leaves its battle in the stream end's.
        gift_hooks.register(self, GiftHook(prepare=services.battle_fighting_on, apply=services.battle_score_gift))
        stream_end_hooks.register(self, services.battle_leave_for_stream)
        register(STREAM, PkSection())
