"""The moderators' pages: the desk at /moderation/ and what it links to."""

from django.urls import path

from apps.moderation import views_card, views_channel

app_name = "moderation"

urlpatterns = [
    # --- the stream page's user card and the creator's channel settings (ui: views_card.py, views_channel.py)
    path("card/<id:channel_id>/<id:user_id>/", views_card.card, name="user_card"),
    path("channel/", views_channel.channel, name="channel"),
]
