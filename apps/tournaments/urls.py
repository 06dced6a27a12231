from django.urls import path

from apps.tournaments import rating_views

app_name = "tournaments"

urlpatterns = [
    # --- Ratings ---
    path("leaderboards/", rating_views.leaderboard, name="leaderboards"),
    path("leaderboards/<str:game_type>/", rating_views.leaderboard, name="leaderboard"),
]
