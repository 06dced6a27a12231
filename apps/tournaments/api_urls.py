from django.urls import path

from apps.tournaments.api import challenges, entries, matches, ratings
from apps.tournaments.services.challenges import PLAYER_ACTIONS

urlpatterns = [
    # --- entries
    path("tournaments", entries.TournamentListCreateApi.as_view(), name="api-tournaments"),
    path("tournaments/<id:tournament_id>", entries.TournamentDetailApi.as_view(), name="api-tournament"),
    path("tournaments/<id:tournament_id>/register", entries.RegisterApi.as_view(), name="api-tournament-register"),
    path("tournaments/<id:tournament_id>/sponsor", entries.SponsorApi.as_view(), name="api-tournament-sponsor"),
    *(
        path(
            f"tournaments/<id:tournament_id>/{action}",
            view.as_view(),
            {"action": action},
            name=f"api-tournament-{action}",
        )
        for view, actions in (
            (entries.PlayerActionApi, entries.PLAYER_ACTIONS),
            (entries.OrganizerActionApi, entries.ORGANIZER_ACTIONS),
        )
        for action in actions
    ),
    # --- matches
    path("tournaments/<id:tournament_id>/matches/<id:match_id>", matches.MatchDetailApi.as_view(), name="api-match"),
    *(
        path(
            f"tournaments/<id:tournament_id>/matches/<id:match_id>/{action}", view.as_view(), name=f"api-match-{action}"
        )
        for action, view in {
            "report": matches.MatchReportApi,
            "settle": matches.MatchSettleApi,
            "forfeit": matches.MatchForfeitApi,
            "attach-stream": matches.MatchAttachStreamApi,
        }.items()
    ),
    path(
        "tournaments/<id:tournament_id>/disqualify", matches.DisqualifyApi.as_view(), name="api-tournament-disqualify"
    ),
    # --- Ratings ---
    path("leaderboards/<str:game_type>", ratings.LeaderboardApi.as_view(), name="api-leaderboard"),
    path("users/<id:user_id>/rating", ratings.UserRatingApi.as_view(), name="api-user-rating"),
    # --- challenges
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
    path("challenges/<id:challenge_id>/report", challenges.ChallengeReportApi.as_view(), name="api-challenge-report"),
    path("challenges/<id:challenge_id>/settle", challenges.ChallengeSettleApi.as_view(), name="api-challenge-settle"),
]
