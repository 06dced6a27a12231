"""`/api/v1/moderation/`: the moderators' API, one module per area under apps/moderation/api/."""

from django.urls import path  # noqa: F401  (each area adds its routes below)

urlpatterns = [
    # --- roles, timeouts, bans, platform bans (api/actions.py)
    # --- blocked terms and AutoMod (api/filter.py)
    # --- held messages and channel safety (api/held.py)
    # --- reports, appeals, audit (api/reports.py, api/appeals.py, api/audit.py)
]
