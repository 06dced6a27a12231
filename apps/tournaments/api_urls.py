from django.urls import path

from apps.tournaments.api import entries

# --- entries -------------------------------------------------------------------------------------------
urlpatterns = [
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
]
