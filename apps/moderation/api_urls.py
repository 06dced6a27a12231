"""`/api/v1/moderation/`: the moderators' API, one module per area under apps/moderation/api/."""

from django.urls import path

from apps.moderation.api import actions, appeals, audit, held, reports
from apps.moderation.api import filter as filter_api

urlpatterns = [
    # --- roles, timeouts, bans, platform bans (api/actions.py)
    path("channels/<id:creator_id>/moderators", actions.ModeratorsApi.as_view(), name="api-mod-moderators"),
    path("channels/<id:creator_id>/moderators/<id:user_id>", actions.ModeratorApi.as_view(), name="api-mod-moderator"),
    path("channels/<id:creator_id>/timeouts", actions.TimeoutsApi.as_view(), name="api-mod-timeouts"),
    *(
        route
        for segment, kind in (("bans", "ban"), ("shadow-hides", "shadow"))
        for route in (
            path(
                f"channels/<id:creator_id>/{segment}",
                actions.StandingRestrictionsApi.as_view(),
                {"kind": kind},
                name=f"api-mod-{segment}",
            ),
            path(
                f"channels/<id:creator_id>/{segment}/<id:user_id>",
                actions.StandingRestrictionApi.as_view(),
                {"kind": kind},
                name=f"api-mod-{segment}-one",
            ),
        )
    ),
    path("channels/<id:creator_id>/warnings", actions.WarningsApi.as_view(), name="api-mod-warnings"),
    path("channels/<id:creator_id>/warnings/ack", actions.WarningsAckApi.as_view(), name="api-mod-warnings-ack"),
    path("users/<id:user_id>/platform-ban", actions.PlatformBanApi.as_view(), name="api-mod-platform-ban"),
    # --- blocked terms and AutoMod (api/filter.py)
    path("channels/<id:creator_id>/blocked-terms", filter_api.BlockedTermsApi.as_view(), name="api-blocked-terms"),
    path(
        "channels/<id:creator_id>/blocked-terms/<id:term_id>",
        filter_api.BlockedTermApi.as_view(),
        name="api-blocked-term",
    ),
    path("channels/<id:creator_id>/automod", filter_api.AutoModApi.as_view(), name="api-automod"),
    # --- held messages and channel safety (api/held.py)
    path("held", held.HeldQueueApi.as_view(), name="api-moderation-held"),
    path("held/<id:message_id>/approve", held.HeldApproveApi.as_view(), name="api-moderation-held-approve"),
    path("held/<id:message_id>/deny", held.HeldDenyApi.as_view(), name="api-moderation-held-deny"),
    path("channels/<id:creator_id>/safety", held.ChannelSafetyApi.as_view(), name="api-moderation-safety"),
    # --- reports, appeals, audit (api/reports.py, api/appeals.py, api/audit.py)
    path("reports", reports.ReportListCreateApi.as_view(), name="api-moderation-reports"),
    path("reports/<id:report_id>/resolve", reports.ReportResolveApi.as_view(), name="api-moderation-report-resolve"),
    path("appeals", appeals.AppealListCreateApi.as_view(), name="api-moderation-appeals"),
    *(
        path(
            f"appeals/<id:appeal_id>/{decision}",
            appeals.AppealDecisionApi.as_view(),
            {"decision": decision},
            name=f"api-moderation-appeal-{decision}",
        )
        for decision in appeals.DECISIONS
    ),
    path("audit", audit.AuditLogApi.as_view(), name="api-moderation-audit"),
]
