from django.urls import path

from apps.shots.views import challenges, tracker

app_name = "shots"

urlpatterns = [
    path("streams/<uuid:stream_id>/scorekeeper/", tracker.scorekeeper, name="scorekeeper"),
    path("streams/<uuid:stream_id>/scorekeeper/shots/", tracker.record, name="record"),
    path("streams/<uuid:stream_id>/scorekeeper/undo/", tracker.undo, name="undo"),
]


# --- Shot challenges -------------------------------------------------------------------------
urlpatterns += [
    path("streams/<uuid:stream_id>/shot-challenges/", challenges.challenge_create, name="challenge-create"),
    path("streams/<uuid:stream_id>/shot-challenges/queue/", challenges.challenge_queue, name="challenge-queue"),
    path("streams/<uuid:stream_id>/shot-challenges/terms/", challenges.challenge_settings, name="challenge-terms"),
    *(
        path(
            f"shot-challenges/<id:challenge_id>/{action}/",
            challenges.challenge_answer,
            {"action": action},
            name=f"challenge-{action}",
        )
        for action in ("accept", "decline", "attempt")
    ),
]
