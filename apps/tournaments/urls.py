from django.urls import path

from apps.tournaments import rating_views
from apps.tournaments.services.challenges import PLAYER_ACTIONS
from apps.tournaments.views import challenges

app_name = "tournaments"

urlpatterns = [
    # --- Ratings ---
    path("leaderboards/", rating_views.leaderboard, name="leaderboards"),
    path("leaderboards/<str:game_type>/", rating_views.leaderboard, name="leaderboard"),
    # --- challenges
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/new/", challenges.challenge_new, name="challenge_new"),
    *(
        path(
            f"challenges/<id:challenge_id>/{action}/",
            challenges.challenge_answer,
            {"action": action},
            name=f"challenge_{action}",
        )
        for action in PLAYER_ACTIONS
    ),
    path("challenges/<id:challenge_id>/report/", challenges.challenge_report, name="challenge_report"),
]
