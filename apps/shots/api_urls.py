from django.urls import path

from apps.shots.api import challenges as challenge_api
from apps.shots.services.challenges import TEAM_ACTIONS

urlpatterns = []


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
