from django.apps import AppConfig


class GiftingConfig(AppConfig):
    name = "apps.gifting"
    label = "gifting"

    def ready(self):
        from apps.gifting import serializers, services
        from apps.gifting.sockets import GiftingSection
        from apps.realtime.sections import register
        from apps.streaming.domain_events import StreamSettings, stream_settings
        from apps.streaming.sockets import STREAM

        # The donation goal is set with the stream's other settings (and shown with them in its API).
        goal = StreamSettings(
            names=("donation_goal_title", "donation_goal_target"),
            save=services.goal_save,
            input_fields=serializers.goal_input_fields,
            output_fields=serializers.goal_output_fields,
            select_related=("gift_totals",),
        )
        stream_settings.register(self, goal)
        register(STREAM, GiftingSection())
