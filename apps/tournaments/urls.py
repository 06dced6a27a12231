from django.urls import path

from apps.tournaments import rating_views, views

app_name = "tournaments"

urlpatterns = [
    # --- pages ---
    path("tournaments/", views.tournament_list, name="list"),
    path("tournaments/new/", views.tournament_new, name="new"),
    path("tournaments/<id:tournament_id>/", views.tournament_detail, name="detail"),
    *(
        path(
            f"tournaments/<id:tournament_id>/{action.replace('_', '-')}/",
            views.tournament_action,
            {"action": action},
            name=action,
        )
        for action in views.ACTIONS
    ),
    path("tournaments/<id:tournament_id>/gift-entry/", views.gift_entry, name="gift_entry"),
    path("tournaments/<id:tournament_id>/sponsor/", views.sponsor, name="sponsor"),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/", views.match_detail, name="match"),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/report/", views.match_report, name="match_report"),
    path(
        "tournaments/<id:tournament_id>/matches/<id:match_id>/attach-stream/",
        views.match_attach_stream,
        name="match_attach_stream",
    ),
    path("tournaments/<id:tournament_id>/matches/<id:match_id>/settle/", views.match_settle, name="match_settle"),
    # --- Ratings ---
    path("leaderboards/", rating_views.leaderboard, name="leaderboards"),
    path("leaderboards/<str:game_type>/", rating_views.leaderboard, name="leaderboard"),
]
