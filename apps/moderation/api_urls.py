"""`/api/v1/moderation/`: the moderators' API, one module per area under apps/moderation/api/."""

from django.urls import path

from apps.moderation.api import filter as filter_api

urlpatterns = [
    # --- roles, timeouts, bans, platform bans (api/actions.py)
    # --- blocked terms and AutoMod (api/filter.py)
    path("channels/<id:creator_id>/blocked-terms", filter_api.BlockedTermsApi.as_view(), name="api-blocked-terms"),
    path(
        "channels/<id:creator_id>/blocked-terms/<id:term_id>",
        filter_api.BlockedTermApi.as_view(),
        name="api-blocked-term",
    ),
    path("channels/<id:creator_id>/automod", filter_api.AutoModApi.as_view(), name="api-automod"),
    # --- held messages and channel safety (api/held.py)
    # --- reports, appeals, audit (api/reports.py, api/appeals.py, api/audit.py)
]
