"""The moderators' pages: the desk at /moderation/ and what it links to."""

from django.urls import path

from apps.moderation import views, views_card, views_channel

app_name = "moderation"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("panels/live/", views.live_panel, name="live_panel"),
    path("panels/<slug:queue>/", views.queue_panel, name="panel"),
    path("verification/<id:request_id>/", views.verification_decide, name="verification_decide"),
    path("reports/<id:report_id>/resolve/", views.report_resolve, name="report_resolve"),
    path("held/<id:message_id>/", views.held_decide, name="held_decide"),
    path("appeals/<id:appeal_id>/", views.appeal_decide, name="appeal_decide"),
    path("users/", views.user_search, name="users"),
    path("users/<id:user_id>/", views.user_detail, name="user"),
    path("audit/", views.audit, name="audit"),
    # --- the stream page's user card and the creator's channel settings (ui: views_card.py, views_channel.py)
    path("card/<id:channel_id>/<id:user_id>/", views_card.card, name="user_card"),
    path("channel/", views_channel.channel, name="channel"),
]
