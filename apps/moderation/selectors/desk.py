"""What the moderators' desk reads: whose desk it is, the live streams, the queues it registers
itself (verification requests, signup bursts), the user lookup and the audit log."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from apps.accounts.lockout import LockoutState, lockout_state
from apps.accounts.models import SignupAddress, User, VerificationRequest, VerificationStatus
from apps.core.throttling import throttled_count
from apps.gifting.models import GiftSend
from apps.moderation.models import Appeal, AppealStatus, Report, ReportStatus, TargetType
from apps.moderation.selectors.appeals import appeal_queue
from apps.moderation.selectors.reports import open_reports_for, report_queue
from apps.restrictions.desk import DeskScope, queues
from apps.restrictions.models import AuditEntry, ChannelModerator, Restriction
from apps.restrictions.rules import is_platform_moderator
from apps.streaming.models import ChatMessage, Review, Status, Stream
from apps.streaming.selectors import held_queue

# The live-streams panel: chat speed over this last stretch.
CHAT_RATE_WINDOW = timedelta(minutes=5)
LIVE_STREAMS_SHOWN = 50
# The signup-bursts panel shows the flagged accounts opened this recently.
BURSTS_SHOWN_FOR = timedelta(days=7)
LOOKUP_RESULTS = 20
LOOKUP_MESSAGES = 20
LOOKUP_RESTRICTIONS = 50
LOOKUP_REPORTS = 10
AUDIT_PAGE = 50


def desk_scope(user) -> DeskScope | None:
    """Whose desk `user` may open: everything for a platform moderator; the channels they were
    appointed to, and their own once they have streamed, for a channel moderator; None for
    everyone else."""
    if is_platform_moderator(user):
        return DeskScope(user, None)
    if not (user and user.is_authenticated):
        return None
    channels = set(ChannelModerator.objects.filter(moderator=user).values_list("creator_id", flat=True))
    if Stream.objects.filter(creator=user).exists():
        channels.add(user.pk)
    return DeskScope(user, frozenset(channels)) if channels else None


def _in_scope(scope: DeskScope, field: str) -> Q:
    return Q() if scope.platform else Q(**{f"{field}__in": scope.channel_ids})


def queue_counts(scope: DeskScope) -> dict[str, int]:
    """Each queue this desk shows, and how many items wait in it."""
    return {queue.name: queue.count(scope) for queue in queues(scope)}


# --- Live streams -------------------------------------------------------------------------------
def live_streams(scope: DeskScope, *, limit: int = LIVE_STREAMS_SHOWN) -> list[Stream]:
    """Live streams of the desk's channels, most watched first, each with `chat_recent` (chat
    messages in the last CHAT_RATE_WINDOW), `chat_per_minute` and `held` (messages waiting for
    review)."""
    since = timezone.now() - CHAT_RATE_WINDOW
    streams = list(
        Stream.objects.filter(_in_scope(scope, "creator_id"), status=Status.LIVE)
        .select_related("creator__profile")
        .annotate(
            chat_recent=Count("messages", filter=Q(messages__created_at__gte=since, messages__deleted_at__isnull=True)),
            held=Count("messages", filter=Q(messages__review=Review.HELD)),
        )
        .order_by("-current_viewers", "id")[:limit]
    )
    minutes = CHAT_RATE_WINDOW.total_seconds() / 60
    reported = _open_reports_of(streams)
    for stream in streams:
        stream.chat_per_minute = round(stream.chat_recent / minutes, 1)
        stream.open_reports = reported.get(("channel", stream.creator_id), 0) + reported.get(
            ("stream", str(stream.pk)), 0
        )
    return streams


def _open_reports_of(streams: list[Stream]) -> dict[tuple[str, object], int]:
    """Open reports in the streams' channels (their chat) and about the streams themselves, in one
    query: {("channel", creator id): n, ("stream", stream id): n}."""
    if not streams:
        return {}
    about = Q(channel_id__in={stream.creator_id for stream in streams}) | Q(
        target_type=TargetType.STREAM, target_id__in=[str(stream.pk) for stream in streams]
    )
    counts: dict[tuple[str, object], int] = {}
    rows = Report.objects.filter(about, status=ReportStatus.OPEN).values_list("channel_id", "target_type", "target_id")
    for channel_id, target_type, target_id in rows:
        key = ("stream", target_id) if target_type == TargetType.STREAM else ("channel", channel_id)
        counts[key] = counts.get(key, 0) + 1
    return counts


# --- Reports, held messages and appeals (the desk's channels) --------------------------------------
def report_count(scope: DeskScope) -> int:
    """Reported targets waiting (a target reported by many counts once)."""
    return open_reports_for(scope.user).values("target_type", "target_id").distinct().count()


def report_items(scope: DeskScope, limit: int) -> list:
    return report_queue(scope.user, limit=limit)


def held_count(scope: DeskScope) -> int:
    return held_queue(scope.user, scope.channel_ids).count()


def held_items(scope: DeskScope, limit: int) -> list[ChatMessage]:
    return list(held_queue(scope.user, scope.channel_ids)[:limit])


def _pending_appeals(scope: DeskScope) -> QuerySet[Appeal]:
    return Appeal.objects.filter(_in_scope(scope, "restriction__channel_id"), status=AppealStatus.PENDING)


def appeal_count(scope: DeskScope) -> int:
    return _pending_appeals(scope).count()


def appeal_items(scope: DeskScope, limit: int) -> list[Appeal]:
    return appeal_queue(scope.user, limit=limit)


# --- Verification requests (platform moderators) -----------------------------------------------
def _pending_verifications() -> QuerySet[VerificationRequest]:
    return VerificationRequest.objects.filter(status=VerificationStatus.PENDING)


def verification_count(scope: DeskScope) -> int:
    return _pending_verifications().count()


def verification_queue(scope: DeskScope, limit: int) -> list[VerificationRequest]:
    """Pending requests, oldest first, with their user, and `document_rows`: each requirement of the
    tier asked for, by its label, with the document sent for it (None: missing)."""
    requests = list(
        _pending_verifications()
        .select_related("user__profile")
        .prefetch_related("documents")
        .order_by("created_at", "id")[:limit]
    )
    for request in requests:
        sent = {document.requirement: document for document in request.documents.all()}
        request.document_rows = [(need.label, sent.get(need.code)) for need in request.tier_spec.requirements]
    return requests


def pending_verification(request_id: int) -> VerificationRequest | None:
    return _pending_verifications().select_related("user__profile").filter(pk=request_id).first()


# --- Signup bursts (platform moderators) -------------------------------------------------------
def _recent_bursts() -> QuerySet[SignupAddress]:
    return SignupAddress.objects.filter(in_burst=True, created_at__gte=timezone.now() - BURSTS_SHOWN_FOR)


def burst_count(scope: DeskScope) -> int:
    return _recent_bursts().count()


def burst_queue(scope: DeskScope, limit: int) -> list[SignupAddress]:
    """Accounts opened in a burst lately, newest first, grouped by address in the template."""
    return list(_recent_bursts().select_related("user__profile").order_by("address", "-created_at")[:limit])


# --- The user lookup ---------------------------------------------------------------------------
def users_matching(query: str, *, limit: int = LOOKUP_RESULTS) -> list[User]:
    """Users whose username, email or public name holds `query`, or whose id it is."""
    query = query.strip()
    if not query:
        return []
    match = Q(username__icontains=query) | Q(email__iexact=query) | Q(profile__display_name__icontains=query)
    if query.isdigit():
        match |= Q(pk=int(query))
    return list(User.objects.filter(match).select_related("profile").order_by("username")[:limit])


@dataclass
class UserLookup:
    user: User
    account_age: timedelta
    restrictions_standing: list[Restriction]
    restrictions_past: list[Restriction]
    recent_messages: list[ChatMessage]
    gifts_sent: dict  # {"count", "coins"}
    gifts_received: dict
    reports_against: list[Report]
    reports_against_count: int
    reports_by: list[Report]
    reports_by_count: int
    # Platform moderators only (None for a channel moderator's desk):
    signup: SignupAddress | None = None
    lockout: LockoutState | None = None
    throttled: int | None = None


def _gift_totals(**where) -> dict:
    """Gifts (each send counts its quantity) and the coins they cost."""
    totals = GiftSend.objects.filter(**where).aggregate(count=Sum("quantity"), coins=Sum("total_coins"))
    return {"count": totals["count"] or 0, "coins": totals["coins"] or 0}


def user_lookup(scope: DeskScope, user_id: int, *, request) -> UserLookup | None:
    """Everything the desk shows about one user; a channel moderator's desk sees their channels'
    restrictions and messages only, and not the account's sign-in and sign-up records."""
    user = User.objects.select_related("profile").filter(pk=user_id).first()
    if user is None:
        return None
    now = timezone.now()
    restrictions = list(
        Restriction.objects.filter(Q(user=user), _in_scope(scope, "channel_id"))
        .select_related("channel", "created_by", "lifted_by")
        .order_by("-created_at")[:LOOKUP_RESTRICTIONS]
    )
    standing = [r for r in restrictions if _standing(r, now)]
    lookup = UserLookup(
        user=user,
        account_age=now - user.date_joined,
        restrictions_standing=standing,
        restrictions_past=[r for r in restrictions if r not in standing],
        recent_messages=list(
            ChatMessage.objects.filter(Q(user=user), _in_scope(scope, "stream__creator_id"))
            .select_related("stream")
            .order_by("-id")[:LOOKUP_MESSAGES]
        ),
        gifts_sent=_gift_totals(sender=user),
        gifts_received=_gift_totals(recipient=user),
        **_reports_of(scope, user),
    )
    if scope.platform:
        lookup.signup = SignupAddress.objects.filter(user=user).first()
        lookup.lockout = lockout_state(user, request=request)
        lookup.throttled = throttled_count(user.pk)
    return lookup


def _reports_of(scope: DeskScope, user: User) -> dict:
    """Reports about the user (their messages, account, profile, streams) and reports they made, in
    the desk's channels: how many, and the latest LOOKUP_REPORTS of each."""
    reports = Report.objects.filter(_in_scope(scope, "channel_id")).select_related("reporter", "reported_user")
    against, by = reports.filter(reported_user=user), reports.filter(reporter=user)
    return {
        "reports_against": list(against.order_by("-id")[:LOOKUP_REPORTS]),
        "reports_against_count": against.count(),
        "reports_by": list(by.order_by("-id")[:LOOKUP_REPORTS]),
        "reports_by_count": by.count(),
    }


def _standing(restriction: Restriction, now) -> bool:
    """In force now: not lifted, not run out, and (a warning) not yet acknowledged."""
    if restriction.lifted_at is not None or (restriction.ends_at is not None and restriction.ends_at <= now):
        return False
    return restriction.acknowledged_at is None


# --- The audit log -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""  # username
    user: str = ""  # username
    channel: str = ""  # the creator's username
    before: int | None = None  # an entry id: the page after the one that ended there


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())


def audit_entries(scope: DeskScope, filters: AuditFilter, *, limit: int = AUDIT_PAGE) -> list[AuditEntry]:
    """Newest first: every action for the platform, the desk's channels' for a channel moderator."""
    entries = AuditEntry.objects.filter(_in_scope(scope, "channel_id"))
    if filters.action:
        entries = entries.filter(action=filters.action)
    for field in ("actor", "user", "channel"):
        if value := getattr(filters, field):
            entries = entries.filter(**{f"{field}__username__iexact": value})
    if filters.before:
        entries = entries.filter(pk__lt=filters.before)
    return list(entries.select_related("actor", "user", "channel").order_by("-id")[:limit])
