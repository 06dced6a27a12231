from django.urls import path

from apps.tournaments import rating_views
from apps.tournaments.services.challenges import PLAYER_ACTIONS
from apps.tournaments.views import challenges, tournaments

app_name = "tournaments"

urlpatterns = [
    # --- pages ---
    path("tournaments/", tournaments.tournament_list, name="list"),
    path("tournaments/new/", tournaments.tournament_new, name="new"),
    path("tournaments/<id:tournament_id>/", tournaments.tournament_detail, name="detail"),
    *(
        path(
            f"tournaments/<id:tournament_id>/{action.replace('_', '-')}/",
            tournaments.tournament_action,
            {"action": action},
            name=action,
        )
        for action in tournaments.ACTIONS
    ),
    path("tournaments/<id:tournament_id>/gift-entry/", tournaments.gift_entry, name="gift_entry"),
    path("tournaments/<id:tournament_id>/sponsor/", tournaments.sponsor, name="sponsor"),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/", tournaments.match_detail, name="match"),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/report/", tournaments.match_report, name="match_report"),
    path(
        "tournaments/<id:tournament_id>/matches/<id:match_id>/attach-stream/",
        tournaments.match_attach_stream,
        name="match_attach_stream",
    ),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/settle/", tournaments.match_settle, name="match_settle"),
    path(
        "tournaments/<id:tournament_id>/matches/<id:match_id>/forfeit/", tournaments.match_forfeit, name="match_forfeit"
    ),
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
