from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "apps.predictions"
    label = "predictions"
    verbose_name = "Channel points and predictions"

    def ready(self):
        from apps.predictions.sockets import PredictionsSection
        from apps.realtime.sections import register
        from apps.shots.domain_events import SHOT_RECORDED
        from apps.streaming.sockets import STREAM

        # A shot prediction answers itself from the tracker.
        SHOT_RECORDED.subscribe(self, "predictions.shot_recorded")
        register(STREAM, PredictionsSection())
