from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from apps.accounts.domain_events import VERIFICATION_DECIDED
        from apps.gifting.domain_events import GIFT_SENT
        from apps.moderation.domain_events import APPEAL_DECIDED, REPORT_RECEIVED, REPORT_RESOLVED
        from apps.pk.domain_events import BATTLE_INVITED
        from apps.streaming.domain_events import STREAM_STARTED
        from apps.tournaments.domain_events import CHALLENGE_RECEIVED, MATCH_READY
        from apps.wallet.domain_events import PAYOUT_FAILED, PAYOUT_PAID

        STREAM_STARTED.subscribe(self, "notifications.stream_started")
        GIFT_SENT.subscribe(self, "notifications.gift_sent")
        BATTLE_INVITED.subscribe(self, "notifications.battle_invited")
        VERIFICATION_DECIDED.subscribe(self, "notifications.verification_decided")
        PAYOUT_PAID.subscribe(self, "notifications.payout_paid")
        PAYOUT_FAILED.subscribe(self, "notifications.payout_failed")
        CHALLENGE_RECEIVED.subscribe(self, "notifications.challenge_received")
        MATCH_READY.subscribe(self, "notifications.match_ready")
        REPORT_RECEIVED.subscribe(self, "notifications.report_received")
        REPORT_RESOLVED.subscribe(self, "notifications.report_resolved")
        APPEAL_DECIDED.subscribe(self, "notifications.appeal_decided")
