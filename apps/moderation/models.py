"""Reports from viewers and appeals from banned users: what the moderators' desk works through.

Restrictions themselves (bans, timeouts) and the audit log live lower, in apps.restrictions, where
chat and gifts check them; this app only reads and lifts them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.restrictions.models import Restriction


class TargetType(models.TextChoices):
    """What a report is about. Ids: a chat message's, a user's (also for "profile": the profile of
    that user), a stream's UUID."""

    MESSAGE = "message", "Chat message"
    USER = "user", "User"
    STREAM = "stream", "Stream"
    PROFILE = "profile", "Profile"


class ReportReason(models.TextChoices):
    """The list a reporter picks from (Twitch's, with what a sports site adds: cheating)."""

    SPAM = "spam", "Spam, scams or misleading links"
    HARASSMENT = "harassment", "Harassment or bullying"
    HATE = "hate", "Hateful conduct"
    SEXUAL = "sexual", "Sexual content"
    VIOLENCE = "violence", "Violence or threats"
    SELF_HARM = "self_harm", "Self-harm or suicide"
    IMPERSONATION = "impersonation", "Impersonation"
    UNDERAGE = "underage", "Under 13 years old"
    CHEATING = "cheating", "Cheating or match fixing"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


# A target's key in the queue, the desk's frames and the audit log: "message:12".
def target_key(target_type: str, target_id: str) -> str:
    return f"{target_type}:{target_id}"


class Report(models.Model):
    """One user's report of one target. A reporter has at most one open report per target (a
    second report of the same thing is the first one, not a new row); the queue counts a target's
    open reports. Resolving a target resolves all of them at once."""

    target_type = models.CharField(max_length=8, choices=TargetType.choices)
    # Text, because a stream's id is a UUID.
    target_id = models.CharField(max_length=36)
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    text = models.CharField(max_length=500, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    # Whose content it is (the message's author, the user, the stream's creator, the profile's owner):
    # "reports against them" in the user lookup.
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="reports_against"
    )
    # The channel whose moderators handle it: a chat message's (unless the creator wrote it). Null:
    # platform moderators only (users, profiles, streams: a report about the creator themselves).
    channel = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)
    action_taken = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "reporter"],
                condition=Q(status="open"),
                name="report_once_while_open",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "status"]),
            models.Index(fields=["status", "channel", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} reports {self.key} ({self.reason})"

    @property
    def key(self) -> str:
        return target_key(self.target_type, self.target_id)


class AppealStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"


class Appeal(models.Model):
    """A banned user's one request to be unbanned from one ban (a channel's or the platform's)."""

    restriction = models.OneToOneField(Restriction, on_delete=models.CASCADE, related_name="appeal")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.CharField(max_length=500)
    status = models.CharField(max_length=8, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Appeal of {self.user_id} against {self.restriction_id}"
