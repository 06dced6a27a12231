from django.apps import AppConfig


class ClipsConfig(AppConfig):
    name = "apps.clips"
    label = "clips"
    verbose_name = "Clips and highlights"

    # --- Highlights: the finder runs again after a moment the shot tracker or a battle announces,
    # and once over the whole stream when it ends.
    def ready(self):
        from apps.pk.domain_events import BATTLE_FINISHED
        from apps.shots.domain_events import SHOT_RECORDED
        from apps.streaming.domain_events import STREAM_ENDED

        SHOT_RECORDED.subscribe(self, "clips.highlights_after_shot")
        BATTLE_FINISHED.subscribe(self, "clips.highlights_after_battle")
        STREAM_ENDED.subscribe(self, "clips.highlights_at_stream_end")
