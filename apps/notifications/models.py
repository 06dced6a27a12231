from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    FOLLOWED_LIVE = "followed_live", "A creator you follow went live"
    STREAM_STARTING = "stream_starting", "A stream you asked to be reminded of is starting"
    PK_INVITATION = "pk_invitation", "A PK battle invitation"
    VERIFICATION = "verification", "A decision on your verification request"
    PAYOUT = "payout", "A payout paid or failed"
    GIFT = "gift", "A big gift you received"
    CHALLENGE = "challenge", "A 1v1 challenge sent to you"
    MATCH_READY = "match_ready", "Your tournament match is ready"
    REPORT = "report", "Your reports: received, and what moderators did"
    APPEAL = "appeal", "A decision on your unban request"


# (in-app, email) for a kind the user has not chosen for. Followers were emailed when a creator
# went live before this app existed, so that stays on; an invitation lapses in 30 seconds, too
# soon for an email to help; gifts come often, so they stay on the site unless asked for.
DEFAULT_CHANNELS: dict[str, tuple[bool, bool]] = {
    Kind.FOLLOWED_LIVE: (True, True),
    Kind.STREAM_STARTING: (True, True),
    Kind.PK_INVITATION: (True, False),
    Kind.VERIFICATION: (True, True),
    Kind.PAYOUT: (True, True),
    Kind.GIFT: (True, False),
    Kind.CHALLENGE: (True, True),
    Kind.MATCH_READY: (True, True),
    Kind.REPORT: (True, False),
    # A banned user may not be on the site to read the answer to their appeal: it is emailed too.
    Kind.APPEAL: (True, True),
}

# The most ids one "mark read" request names.
READ_IDS_MAX = 100


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=500, blank=True)
    # A path on this site (the watch page, the studio, the wallet).
    url = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The moment that caused it ("stream.started:<id>"): a retried delivery finds it done.
    source_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "source_key"], name="notification_once_per_source"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A user's choice for one kind; a kind without a row follows DEFAULT_CHANNELS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    in_app = models.BooleanField()
    email = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: in-app {self.in_app}, email {self.email}"


class StreamReminder(models.Model):
    """ "Remind me" on a scheduled stream: the user hears when it goes live (once: notified_at)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stream_reminders")
    stream = models.ForeignKey("streaming.Stream", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "stream"], name="remind_once_per_stream")]
        indexes = [models.Index(fields=["stream", "notified_at"], name="reminders_due")]

    def __str__(self) -> str:
        return f"{self.user_id} reminded of {self.stream_id}"
