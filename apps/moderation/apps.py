from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "apps.moderation"
    label = "moderation"
    verbose_name = "Moderation: reports, appeals and the moderators' desk"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from apps.accounts.domain_events import VERIFICATION_DECIDED, VERIFICATION_REQUESTED
        from apps.moderation import desk_queues
        from apps.moderation.desk_link import remember_desk_link

        desk_queues.register_queues()
        user_logged_in.connect(remember_desk_link, dispatch_uid="moderation.desk_link")
        VERIFICATION_REQUESTED.subscribe(self, "moderation.verification_requested")
        VERIFICATION_DECIDED.subscribe(self, "moderation.verification_decided")
