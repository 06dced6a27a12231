from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "apps.moderation"
    label = "moderation"
    verbose_name = "Moderation: reports, appeals and the moderators' desk"

    def ready(self):
        from apps.accounts.domain_events import VERIFICATION_DECIDED, VERIFICATION_REQUESTED
        from apps.moderation import desk_queues

        desk_queues.register_queues()
        VERIFICATION_REQUESTED.subscribe(self, "moderation.verification_requested")
        VERIFICATION_DECIDED.subscribe(self, "moderation.verification_decided")
