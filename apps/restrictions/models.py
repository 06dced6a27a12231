"""Who moderates, and what limits a user: roles, timeouts and bans, warnings, shadow hides, each
channel's safety settings (AutoMod, shield mode, ...), the word filter's terms, and the audit log
of every moderator action. Chat, gifts, PK and ingest check these synchronously, so they sit low
in the layers (beside accounts); the moderators' desk, reports and appeals live in apps.moderation."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

# A timeout is at most this long (the custom maximum); presets the menus offer.
TIMEOUT_MAX_SECONDS = 14 * 24 * 3600
TIMEOUT_PRESETS = (10, 60, 600, 3600, 24 * 3600, 7 * 24 * 3600)
AUTOMOD_MAX_LEVEL = 4


class ChannelModerator(models.Model):
    """Someone a creator trusts to moderate all their streams: chat, PK and the held-message queue.
    (Born in streaming; the table keeps its first name.)"""

    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderates")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "streaming_channelmoderator"
        constraints = [models.UniqueConstraint(fields=["creator", "moderator"], name="moderator_once")]

    def __str__(self) -> str:
        return f"{self.moderator} moderates for {self.creator}"


class RestrictionKind(models.TextChoices):
    TIMEOUT = "timeout", "Timeout"
    BAN = "ban", "Ban"
    WARNING = "warning", "Warning"
    SHADOW = "shadow", "Shadow hide"


class Restriction(models.Model):
    """One limit on one user: in one channel (a creator's streams), or everywhere (`channel` null:
    a platform ban or a platform-wide shadow hide). Active while not lifted and not past `ends_at`
    (None: until lifted); a warning is active until the user acknowledges it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restrictions")
    channel = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=RestrictionKind.choices)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "channel", "kind", "-created_at"])]
        constraints = [
            # At most one standing ban (or shadow hide) per user and channel, and one everywhere.
            models.UniqueConstraint(
                fields=["user", "channel", "kind"],
                condition=Q(lifted_at__isnull=True, kind__in=["ban", "shadow"], channel__isnull=False),
                name="one_standing_channel_ban",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(lifted_at__isnull=True, kind__in=["ban", "shadow"], channel__isnull=True),
                name="one_standing_platform_ban",
            ),
        ]

    def __str__(self) -> str:
        where = f"channel {self.channel_id}" if self.channel_id else "everywhere"
        return f"{self.get_kind_display()} of {self.user_id} in {where}"


class AutoModCategory(models.TextChoices):
    AGGRESSION = "aggression", "Insults and aggression"
    HARASSMENT = "harassment", "Harassment"
    SEXUAL = "sexual", "Sexual content"
    HATE = "hate", "Hate"
    PROFANITY = "profanity", "Profanity"
    LINKS = "links", "Links and spam"


class ChannelSafety(models.Model):
    """A channel's standing safety settings (one row per creator, made on first change). Shield
    mode is an overlay: while on, the rules read its stricter preset; turning it off leaves these
    settings as they were, which is how the previous settings come back."""

    channel = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="channel_safety"
    )
    automod_level = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(AUTOMOD_MAX_LEVEL)])
    # The categories AutoMod watches (values of AutoModCategory); empty means all of them.
    automod_categories = models.JSONField(default=list, blank=True)
    shield_mode = models.BooleanField(default=False)
    established_only = models.BooleanField(
        default=False, help_text="Only accounts older than a day and followers of ten minutes may chat."
    )
    unique_chat = models.BooleanField(default=False, help_text="The same message twice within 30 s is refused.")
    escalating_penalties = models.BooleanField(
        default=False, help_text="A second timeout within 24 h doubles; a third is 24 h."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "channel safety settings"

    def __str__(self) -> str:
        return f"Safety of channel {self.channel_id}"

    @property
    def effective_automod_level(self) -> int:
        return AUTOMOD_MAX_LEVEL if self.shield_mode else self.automod_level


class TermKind(models.TextChoices):
    BLOCKED = "blocked", "Blocked"
    PERMITTED = "permitted", "Permitted"


TERM_MAX_LENGTH = 100


class Term(models.Model):
    """A blocked or permitted term, for one channel or (`channel` null, set by platform moderators)
    everywhere. `*` is a wildcard for any letters; past `expires_at` it no longer applies."""

    channel = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=9, choices=TermKind.choices, default=TermKind.BLOCKED)
    text = models.CharField(max_length=TERM_MAX_LENGTH)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "kind", "text"], name="term_once_per_channel"),
            models.UniqueConstraint(
                fields=["kind", "text"], condition=Q(channel__isnull=True), name="global_term_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class AuditEntry(models.Model):
    """One moderator action: who did what to whom, where, why and when. Written in the action's own
    transaction (apps.restrictions.audit.record) and never changed: on PostgreSQL the database
    refuses UPDATE and DELETE (migration 0002), as it does for the ledger."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the action was about beyond its user (a message, a report, a term): "<type>:<id>".
    target = models.CharField(max_length=80, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["channel", "-id"]),
            models.Index(fields=["user", "-id"]),
            models.Index(fields=["actor", "-id"]),
        ]
        permissions = [("moderate_platform", "Moderate everywhere (platform moderator)")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.user_id}"
