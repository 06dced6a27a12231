from django.urls import path

from apps.shots.api import challenges as challenge_api
from apps.shots.api import tracker
from apps.shots.services.challenges import TEAM_ACTIONS

urlpatterns = [
    path("streams/<uuid:stream_id>/shots", tracker.StreamShotsApi.as_view(), name="api-stream-shots"),
    path("streams/<uuid:stream_id>/shots/last", tracker.LastShotApi.as_view(), name="api-stream-shots-last"),
    path("streams/<uuid:stream_id>/shots/summary", tracker.ShotSummaryApi.as_view(), name="api-stream-shots-summary"),
]


# --- Shot challenges -------------------------------------------------------------------------
urlpatterns += [
    path(
        "streams/<uuid:stream_id>/challenges", challenge_api.StreamChallengesApi.as_view(), name="api-shot-challenges"
    ),
    *(
        path(
            f"shot-challenges/<id:challenge_id>/{action}",
            challenge_api.ChallengeAnswerApi.as_view(),
            {"action": action},
            name=f"api-shot-challenge-{action}",
        )
        for action in TEAM_ACTIONS
    ),
    path(
        "shot-challenges/<id:challenge_id>/attempt",
        challenge_api.ChallengeAttemptApi.as_view(),
        name="api-shot-challenge-attempt",
    ),
]
