from django.urls import path

from apps.tournaments.api import matches

urlpatterns = [
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
]
