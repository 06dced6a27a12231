from django.urls import path

from apps.tournaments.api import challenges
from apps.tournaments.services.challenges import PLAYER_ACTIONS

urlpatterns = [
    # --- Challenges ---
    path("challenges", challenges.ChallengeListApi.as_view(), name="api-challenges"),
    *(
        path(
            f"challenges/<id:challenge_id>/{action}",
            challenges.ChallengeActionApi.as_view(),
            {"action": action},
            name=f"api-challenge-{action}",
        )
        for action in PLAYER_ACTIONS
    ),
    path(
        "challenges/<id:challenge_id>/sponsor", challenges.ChallengeSponsorApi.as_view(), name="api-challenge-sponsor"
    ),
]
