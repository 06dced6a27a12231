"""A test-only app, installed by tests/core/test_domain_events.py with a settings override: a new app
above gifting and streaming that hears their events with no change to either."""

from django.apps import AppConfig


class EventProbeConfig(AppConfig):
    name = "tests.event_probe"
    label = "event_probe"

    def ready(self):
        from apps.gifting.domain_events import GIFT_SENT
        from apps.shots.domain_events import SHOT_RECORDED, SHOT_UNDONE
        from apps.streaming.domain_events import STREAM_ENDED

        GIFT_SENT.subscribe(self, "event_probe.gift_sent")
        STREAM_ENDED.subscribe(self, "event_probe.stream_ended")
        SHOT_RECORDED.subscribe(self, "event_probe.shot_recorded")
        SHOT_UNDONE.subscribe(self, "event_probe.shot_undone")
