"""Every write of the streaming app: the stream lifecycle, chat, viewers, pay-per-view."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from apps.core.bounds import text_limit
from apps.core.memo import remembering
from apps.core.scheduling import run_after
from apps.core.updates import model_update
from apps.restrictions import audit, automod
from apps.restrictions import rules as restriction_rules
from apps.streaming import events, rules
from apps.streaming.domain_events import (
    STREAM_ENDED,
    STREAM_STARTED,
    settings_names,
    settings_save,
    stream_end_hooks,
)
from apps.streaming.errors import (
    ChatRateLimited,
    ChatRefused,
    HeldExpired,
    IllegalTransition,
    LoginRequired,
    NotHeld,
    NotModerator,
    NotStreamOwner,
    StreamInvalid,
)
from apps.streaming.models import (
    DEFAULT_CATEGORY,
    HELD_MESSAGE_TTL,
    OPEN_STATUSES,
    SLOW_MODE_MAX_SECONDS,
    TAG_MAX_LENGTH,
    TAGS_MAX,
    Category,
    ChatMessage,
    MessageKind,
    PayPerViewAccess,
    Review,
    Status,
    Stream,
    StreamViewer,
    Visibility,
)
from apps.wallet import services as wallet
from apps.wallet.models import TransferKind

CHAT_MAX_LENGTH = text_limit(ChatMessage, "content")
# A user may post this many messages per window before being refused (on top of slow mode).
CHAT_BURST = 5
CHAT_BURST_WINDOW = timedelta(seconds=5)
# With the channel's "unique chat" on, the same message again within this window is refused.
UNIQUE_CHAT_WINDOW = timedelta(seconds=30)
# At most this many of an author's newest lines are read to judge the next (within the burst
# limit, a 30 s look-back holds about 30).
RECENT_LINES_READ = 50
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "tags",
    "thumbnail",
    "visibility",
    "chat_enabled",
    "gifts_enabled",
    "scheduled_for",
    "is_premium",
    "subscription_required",
    "pay_per_view_cost",
)
# Named by the product spec and taken by the API, but nothing enforces them until memberships exist:
# a true value is refused rather than stored as a promise nobody keeps.
NOT_YET_ENFORCED = {"is_premium": "Premium streams", "subscription_required": "Subscriber-only streams"}
TRANSITIONS = {
    Status.SCHEDULED: {Status.LIVE, Status.CANCELLED},
    Status.LIVE: {Status.ENDED},
    Status.ENDED: set(),
    Status.CANCELLED: set(),
}
# Emoji and the joiners that build them, for emote-only chat.
_EMOTE_ONLY = re.compile(
    r"^[\s\u200d\ufe0f\u20e3\u2600-\u27bf\U0001F000-\U0001FAFF\U0001F1E6-\U0001F1FF\U000E0020-\U000E007F]+$"
)


# --- Lifecycle -------------------------------------------------------------------------------
def _require_owner(stream: Stream, user) -> None:
    if not rules.is_owner(stream, user):
        raise NotStreamOwner("Only the creator of this stream can do that.")


def _clean_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list | tuple):
        raise StreamInvalid("Tags are a list of words.", field="tags")
    cleaned = []
    for tag in tags:
        tag = str(tag).strip().lstrip("#").lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise StreamInvalid(f"Tags are at most {TAG_MAX_LENGTH} characters.", field="tags")
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise StreamInvalid(f"At most {TAGS_MAX} tags.", field="tags")
    return cleaned


def _clean_thumbnail(stream: Stream) -> None:
    """A new thumbnail is parsed and renamed by apps.core.uploads; what is wrong goes on the field."""
    try:
        stream.thumbnail = Stream._meta.get_field("thumbnail").cleaned(stream.thumbnail)
    except ValidationError as exc:
        raise StreamInvalid(exc.messages[0], field="thumbnail") from None


def _check_length(stream: Stream, name: str, what: str) -> None:
    limit = text_limit(Stream, name)
    if len(getattr(stream, name)) > limit:
        raise StreamInvalid(f"{what} is at most {limit} characters.", field=name)


def _refuse_not_yet_enforced(fields: dict) -> None:
    for name, what in NOT_YET_ENFORCED.items():
        if fields.get(name):
            raise StreamInvalid(
                f"{what} are not available yet: nothing would keep anyone out. Leave {name} false.", field=name
            )


def _validate(stream: Stream, *, scheduling: bool) -> None:
    if not stream.title or not stream.title.strip():
        raise StreamInvalid("Give the stream a title.", field="title")
    stream.title = stream.title.strip()
    _check_length(stream, "title", "The title")
    _check_length(stream, "description", "The description")
    if stream.visibility not in Visibility.values:
        raise StreamInvalid(f"Unknown visibility {stream.visibility!r}.", field="visibility")
    if scheduling and stream.scheduled_for and stream.scheduled_for <= timezone.now():
        raise StreamInvalid("The scheduled time must be in the future.", field="scheduled_for")
    stream.tags = _clean_tags(stream.tags)
    _clean_thumbnail(stream)


def _category(value) -> Category:
    """The active category `value` names (a Category or its slug)."""
    slug = value.slug if isinstance(value, Category) else value
    category = Category.objects.filter(slug=slug, active=True).first() if isinstance(slug, str) else None
    if category is None:
        raise StreamInvalid(f"Unknown category {slug!r}.", field="category")
    return category


def _own(data) -> dict:
    """What of `data` the stream itself keeps; the rest are apps' stream settings (a goal), which
    settings_save hands to them. A category comes as a slug or a Category, and must be active."""
    own = {name: value for name, value in data.items() if name not in settings_names()}
    if "category" in own:
        own["category"] = _category(own["category"])
    return own


@transaction.atomic
def stream_create(*, creator, go_live: bool = False, **fields) -> Stream:
    """A creator sets up a stream: scheduled (followers hear of it), or live at once."""
    _refuse_not_yet_enforced(fields)
    own = _own({"category": DEFAULT_CATEGORY} | fields)
    stream = Stream(creator=creator, category=own["category"])
    model_update(stream, own, fields=EDITABLE_FIELDS, error=StreamInvalid)
    _validate(stream, scheduling=not go_live)
    if go_live:
        stream.scheduled_for = None
    stream.save()
    settings_save(stream, fields)
    if go_live:
        return stream_start(stream=stream, by=creator)
    if stream.visibility == Visibility.PUBLIC:
        _notify_followers(stream)
    return stream


@transaction.atomic
def stream_update(*, stream: Stream, by, data: dict) -> Stream:
    _require_owner(stream, by)
    _refuse_not_yet_enforced(data)
    if stream.status not in OPEN_STATUSES:
        raise IllegalTransition("An ended stream cannot be edited.")
    stream = Stream.objects.select_for_update().get(pk=stream.pk)
    audience = (stream.visibility, stream.pay_per_view_cost)
    model_update(stream, _own(data), fields=EDITABLE_FIELDS, error=StreamInvalid)
    _validate(stream, scheduling="scheduled_for" in data and stream.status == Status.SCHEDULED)
    stream.save()
    settings_save(stream, data)
    events.send_status(stream)
    if (stream.visibility, stream.pay_per_view_cost) != audience:
        events.recheck_watchers(stream.pk)
    return stream


def _move(stream: Stream, to: str) -> Stream:
    locked = Stream.objects.select_for_update().get(pk=stream.pk)
    if to not in TRANSITIONS[locked.status]:
        raise IllegalTransition(f"A {locked.get_status_display().lower()} stream cannot become {to}.")
    locked.status = to
    return locked


@transaction.atomic
def stream_start(*, stream: Stream, by) -> Stream:
    _require_owner(stream, by)
    stream = _move(stream, Status.LIVE)
    stream.started_at = stream.last_heartbeat_at = timezone.now()
    try:
        with transaction.atomic():
            stream.save(update_fields=["status", "started_at", "last_heartbeat_at", "updated_at"])
    except IntegrityError:
        raise IllegalTransition("You are already live in another stream; end it first.") from None
    events.send_status(stream)
    _recount(stream.pk)  # people waiting on the scheduled stream now count
    if stream.visibility == Visibility.PUBLIC:
        _notify_followers(stream)
    STREAM_STARTED.publish(stream_id=str(stream.pk), creator_id=stream.creator_id)
    return stream


@transaction.atomic
def stream_end(*, stream: Stream, by=None) -> Stream:
    """End a live stream (its creator, or the system when it went silent). Stats follow by task."""
    if by is not None:
        _require_owner(stream, by)
    stream = _move(stream, Status.ENDED)
    stream.ended_at = timezone.now()
    stream.duration_seconds = int((stream.ended_at - stream.started_at).total_seconds())
    stream.current_viewers = 0
    stream.save(update_fields=["status", "ended_at", "duration_seconds", "current_viewers", "updated_at"])
    for hook in stream_end_hooks:  # a host ending mid-battle leaves it (apps.pk), in this commit
        hook(stream=stream, now=stream.ended_at)
    events.send_status(stream)
    run_after("streaming.stream_stats", args=[str(stream.pk)])
    STREAM_ENDED.publish(stream_id=str(stream.pk), creator_id=stream.creator_id)
    return stream


@transaction.atomic
def stream_cancel(*, stream: Stream, by) -> Stream:
    _require_owner(stream, by)
    stream = _move(stream, Status.CANCELLED)
    stream.save(update_fields=["status", "updated_at"])
    events.send_status(stream)
    return stream


def stream_heartbeat(*, stream: Stream) -> None:
    """The studio or the ingest says the stream is still alive."""
    Stream.objects.filter(pk=stream.pk, status=Status.LIVE).update(last_heartbeat_at=timezone.now())


def streams_end_silent() -> int:
    """End live streams nobody has vouched for lately (the creator closed the laptop)."""
    cutoff = timezone.now() - timedelta(seconds=settings.STREAM_SILENT_END_SECONDS)
    ended = 0
    for stream in Stream.objects.filter(status=Status.LIVE, last_heartbeat_at__lt=cutoff):
        try:
            stream_end(stream=stream)
            ended += 1
        except IllegalTransition:  # ended meanwhile
            pass
    return ended


def _notify_followers(stream: Stream) -> None:
    run_after("streaming.notify_followers", args=[str(stream.pk), stream.status])


@transaction.atomic
def stream_stats_compute(*, stream_id) -> Stream:
    """The end-of-stream summary. Idempotent: computed from the rows, so running it again changes nothing."""
    stream = Stream.objects.select_for_update().get(pk=stream_id)
    chat = ChatMessage.objects.filter(stream=stream, kind=MessageKind.CHAT)
    stream.messages_count = chat.count()
    stream.unique_chatters = chat.values("user").distinct().count()
    closed = StreamViewer.objects.filter(stream=stream).aggregate(total=Sum("watch_seconds"))["total"] or 0
    end = stream.ended_at or timezone.now()
    still_open = sum(
        int((end - since).total_seconds())
        for since in StreamViewer.objects.filter(stream=stream, present_since__isnull=False).values_list(
            "present_since", flat=True
        )
        if since < end
    )
    stream.total_watch_seconds = closed + still_open
    stream.stats_computed_at = timezone.now()
    stream.save(update_fields=["messages_count", "unique_chatters", "total_watch_seconds", "stats_computed_at"])
    return stream


# --- Chat ------------------------------------------------------------------------------------
def _check_chat(stream: Stream, user, content: str) -> tuple[str, bool]:
    """The message as it will be saved, and whether its author is on the channel's team (who skip
    the modes, the limits and AutoMod); raises why it may not be posted."""
    team = rules.is_moderator(stream, user)
    if problem := rules.chat_problem(stream, user, team=team):
        raise problem
    content = (content or "").strip() if isinstance(content, str) else ""
    if not content:
        raise ChatRefused("Write something first.", field="content")
    if len(content) > CHAT_MAX_LENGTH:
        raise ChatRefused(f"Messages are at most {CHAT_MAX_LENGTH} characters.", field="content")
    if team:
        return content, True
    if stream.emote_only and not _EMOTE_ONLY.match(content):
        raise ChatRefused("Emote-only mode: only emoji for now.", field="content")
    now = timezone.now()
    slow = rules.slow_mode_seconds(stream)
    unique = rules.channel_safety(stream).unique_chat
    # One read serves the burst limit, slow mode and unique chat: the author's newest lines within
    # the longest look-back of the three (the burst limit keeps them few).
    look_back = max(CHAT_BURST_WINDOW, timedelta(seconds=slow), UNIQUE_CHAT_WINDOW if unique else timedelta(0))
    recent = list(
        ChatMessage.objects.filter(stream=stream, user=user, kind=MessageKind.CHAT, created_at__gt=now - look_back)
        .order_by("-id")
        .values_list("created_at", "content")[:RECENT_LINES_READ]
    )
    if sum(1 for at, _ in recent if at > now - CHAT_BURST_WINDOW) >= CHAT_BURST:
        raise ChatRateLimited("You are sending messages too fast; wait a few seconds.")
    if slow and recent and (wait := slow - (now - recent[0][0]).total_seconds()) > 0:
        raise ChatRateLimited(f"Slow mode: wait {int(wait) + 1} s before your next message.")
    if unique and any(at > now - UNIQUE_CHAT_WINDOW and text.lower() == content.lower() for at, text in recent):
        raise ChatRateLimited(
            f"Unique chat: you sent that less than {UNIQUE_CHAT_WINDOW.seconds} s ago; write something new.",
            field="content",
        )
    return content, False


@transaction.atomic
@remembering()
def chat_post(*, stream: Stream, user, content) -> ChatMessage:
    """Post a line. From a shadow-hidden author it reaches only them and the moderators; one that
    AutoMod matches is held for the moderators to approve or deny (HELD_MESSAGE_TTL). The channel's
    team is neither filtered nor hidden. events.send_chat_post says who gets what."""
    # Judge the stream as it is now: a socket holds the copy it loaded when it connected.
    stream = Stream.objects.get(pk=stream.pk)
    content, team = _check_chat(stream, user, content)
    message = ChatMessage(stream=stream, user=user, content=content)
    if not team:
        if restriction_rules.is_shadow_hidden(user, stream.creator_id):
            message.shadow = True
        elif hit := automod.check_message(stream.creator_id, content):
            message.review, message.held_rule = Review.HELD, hit.rule[: text_limit(ChatMessage, "held_rule")]
    message.save()
    events.send_chat_post(message, mod=team)
    return message


# Inside a caller's transaction (a gift) it needs no savepoint of its own: a failure undoes the caller.
@transaction.atomic(savepoint=False)
def chat_post_system(
    *, stream: Stream, content: str, kind: str = MessageKind.SYSTEM, user=None, announce: bool = True
) -> ChatMessage:
    """A line the platform writes into the chat (a gift, a goal reached, ...). Without `announce`
    the caller sends its CH frame (with frames of its own)."""
    message = ChatMessage.objects.create(stream=stream, user=user, kind=kind, content=content[:CHAT_MAX_LENGTH])
    if announce:
        events.send_chat_message(message)
    return message


@transaction.atomic
def chat_delete(*, message: ChatMessage, by) -> ChatMessage:
    if not rules.is_moderator(message.stream, by):
        raise NotModerator("Only the creator and moderators can delete messages.")
    if message.deleted_at is None:
        message.deleted_at, message.deleted_by = timezone.now(), by
        message.save(update_fields=["deleted_at", "deleted_by"])
        audit.record(
            actor=by,
            action="message.delete",
            user=message.user,
            channel=message.stream.creator,
            target=f"message:{message.pk}",
            content=message.content,
        )
        events.send_chat_deleted(message)
    return message


# --- Held messages (AutoMod) --------------------------------------------------------------------
def _lock_held(*, actor, message: ChatMessage) -> ChatMessage:
    """The held message, locked, if `actor` moderates its channel and it may still be reviewed."""
    locking = ChatMessage.objects.select_for_update(of=("self",))
    message = locking.select_related("stream__creator", "user__profile").get(pk=message.pk)
    if problem := restriction_rules.moderate_problem(actor, message.stream.creator_id):
        raise problem
    expired = message.review == Review.EXPIRED or message.created_at <= timezone.now() - HELD_MESSAGE_TTL
    if message.review not in (Review.HELD, Review.EXPIRED):
        raise NotHeld(f"This message is no longer held: it was {message.get_review_display().lower()}.")
    if expired:
        minutes = int(HELD_MESSAGE_TTL.total_seconds() // 60)
        raise HeldExpired(f"This message was held more than {minutes} minutes ago: it expired unreviewed.")
    return message


def _resolve_held(*, actor, message: ChatMessage, review: str, reason: str = "") -> ChatMessage:
    message = _lock_held(actor=actor, message=message)
    message.review, message.reviewed_by = review, actor
    message.save(update_fields=["review", "reviewed_by"])
    audit.record(
        actor=actor,
        action=f"held.{'approve' if review == Review.APPROVED else 'deny'}",
        user=message.user,
        channel=message.stream.creator,
        target=f"message:{message.pk}",
        reason=reason,
        rule=message.held_rule,
        content=message.content,
    )
    events.send_held_resolved(message)
    return message


@transaction.atomic
def held_approve(*, actor, message: ChatMessage) -> ChatMessage:
    """A moderator lets a held message through: everyone gets it now (CM), moderators HR."""
    return _resolve_held(actor=actor, message=message, review=Review.APPROVED)


@transaction.atomic
def held_deny(*, actor, message: ChatMessage, reason: str = "") -> ChatMessage:
    """A moderator keeps a held message back for good: it never reaches anyone else."""
    return _resolve_held(actor=actor, message=message, review=Review.DENIED, reason=reason)


@transaction.atomic
def held_expire_overdue() -> int:
    """Held messages nobody reviewed within HELD_MESSAGE_TTL expire (HR to the moderators and their
    authors). Run by beat every minute; a message a moderator is reviewing now is left to them."""
    overdue = list(
        ChatMessage.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("stream")
        .filter(review=Review.HELD, created_at__lte=timezone.now() - HELD_MESSAGE_TTL)
    )
    ChatMessage.objects.filter(pk__in=[message.pk for message in overdue]).update(review=Review.EXPIRED)
    for message in overdue:
        message.review = Review.EXPIRED
        events.send_held_resolved(message)
    return len(overdue)


@transaction.atomic
def chat_settings_update(
    *, stream: Stream, by, slow_mode_seconds=None, emote_only=None, followers_only=None, chat_enabled=None
) -> Stream:
    if not rules.is_moderator(stream, by):
        raise NotModerator("Only the creator and moderators can change chat settings.")
    stream = Stream.objects.select_for_update().get(pk=stream.pk)
    if slow_mode_seconds is not None:
        if not isinstance(slow_mode_seconds, int) or not 0 <= slow_mode_seconds <= SLOW_MODE_MAX_SECONDS:
            raise ChatRefused(f"Slow mode is 0 to {SLOW_MODE_MAX_SECONDS} seconds.", field="slow_mode_seconds")
        stream.slow_mode_seconds = slow_mode_seconds
    for name, value in (("emote_only", emote_only), ("followers_only", followers_only), ("chat_enabled", chat_enabled)):
        if value is not None:
            setattr(stream, name, bool(value))
    stream.save(update_fields=["slow_mode_seconds", "emote_only", "followers_only", "chat_enabled", "updated_at"])
    events.send_status(stream)
    return stream


# --- Viewers ---------------------------------------------------------------------------------
def viewer_key_for(*, stream: Stream, user=None, session=None) -> str | None:
    """Who a viewer counts as: a signed-in user once, however many tabs and clients; an anonymous
    browser once per session the watch page made (one that exists: a made-up cookie counts for
    nothing). The stream's creator (their watch tabs, the studio) is no viewer of their own stream,
    and anyone else without a key, a cookieless client above all, is not counted either: None, and
    no row."""
    if rules.is_owner(stream, user):
        return None
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    session_key = getattr(session, "session_key", None)
    if session_key and session.exists(session_key):
        return f"s{session_key}"
    return None


def _recount(stream_id) -> Stream:
    count = StreamViewer.objects.present().filter(stream_id=stream_id).count()
    Stream.objects.filter(pk=stream_id, status=Status.LIVE).update(
        current_viewers=count, peak_viewers=Greatest(F("peak_viewers"), count)
    )
    stream = Stream.objects.only("id", "current_viewers", "peak_viewers", "status").get(pk=stream_id)
    events.send_viewer_count(stream)
    return stream


@transaction.atomic
def viewer_join(*, stream: Stream, viewer_key: str, user=None, socket: bool = False) -> Stream:
    """Count a viewer (once, however many tabs). Sockets are counted by connection, REST by ping."""
    now = timezone.now()
    viewer, created = StreamViewer.objects.get_or_create(
        stream=stream,
        viewer_key=viewer_key,
        defaults={
            "user": user if user is not None and user.is_authenticated else None,
            "connections": 1 if socket else 0,
            "joined_at": now,
            "last_seen_at": now,
            "present_since": now,
        },
    )
    if created:
        Stream.objects.filter(pk=stream.pk).update(total_viewers=F("total_viewers") + 1)
    else:
        StreamViewer.objects.filter(pk=viewer.pk, present_since__isnull=True).update(present_since=now)
        StreamViewer.objects.filter(pk=viewer.pk).update(
            connections=F("connections") + (1 if socket else 0), last_seen_at=now, left_at=None
        )
    return _recount(stream.pk)


@transaction.atomic
def viewer_leave(*, stream: Stream, viewer_key: str, socket: bool = False) -> Stream:
    now = timezone.now()
    viewer = StreamViewer.objects.select_for_update().filter(stream=stream, viewer_key=viewer_key).first()
    if viewer is None:
        return stream
    if socket:
        viewer.connections = max(viewer.connections - 1, 0)
    if viewer.connections == 0:
        _close_presence(viewer, now)
    viewer.save(update_fields=["connections", "left_at", "present_since", "watch_seconds"])
    return _recount(stream.pk)


def _close_presence(viewer: StreamViewer, now) -> None:
    viewer.left_at = now
    if viewer.present_since:
        viewer.watch_seconds += max(int((now - viewer.present_since).total_seconds()), 0)
        viewer.present_since = None


def viewer_seen(*, stream: Stream, viewer_key: str) -> None:
    """A heartbeat from a viewer: keeps a REST viewer counted, and proves a socket is alive."""
    StreamViewer.objects.filter(stream=stream, viewer_key=viewer_key, left_at__isnull=True).update(
        last_seen_at=timezone.now()
    )


def viewers_expire_stale() -> int:
    """Viewers whose pings stopped (closed laptop, crashed server process) stop counting."""
    now = timezone.now()
    ttl = timedelta(seconds=settings.STREAM_VIEWER_TTL_SECONDS)
    # A socket refreshes last_seen with its heartbeats; three missed TTLs means its process died.
    stale = StreamViewer.objects.filter(left_at__isnull=True).filter(
        Q(connections=0, last_seen_at__lt=now - ttl) | Q(last_seen_at__lt=now - 3 * ttl)
    )
    streams = set()
    with transaction.atomic():
        for viewer in stale.select_for_update():
            viewer.connections = 0
            _close_presence(viewer, now)
            viewer.save(update_fields=["connections", "left_at", "present_since", "watch_seconds"])
            streams.add(viewer.stream_id)
        for stream_id in streams:
            _recount(stream_id)
    return len(streams)


# --- Pay-per-view ------------------------------------------------------------------------------
@transaction.atomic
def pay_per_view_unlock(*, stream: Stream, user) -> PayPerViewAccess | None:
    """Pay once for a pay-per-view stream; the creator gets their share like a gift. Repeated or
    concurrent unlocks by one viewer charge once and all get the same access. The channel's team
    (its creator, moderators and staff) watches free: nothing is charged and the answer is None."""
    if not (user and user.is_authenticated):
        raise LoginRequired("Log in to unlock this stream.")
    if not stream.pay_per_view_cost:
        raise StreamInvalid("This stream is free.")
    if rules.is_moderator(stream, user):
        return None
    existing = PayPerViewAccess.objects.filter(stream=stream, user=user).first()
    if existing:
        return existing
    wallet.wallet_spend(
        payer=user,
        amount=stream.pay_per_view_cost,
        recipient=stream.creator,
        kind=TransferKind.SPEND,
        reference=f"stream:{stream.pk}",
        # The key makes a concurrent unlock wait for this one and replay it, and the access is
        # written with the payment (`record`), so the loser finds it rather than writing it twice.
        idempotency_key=f"ppv:{stream.pk}:{user.pk}",
        memo=f"Pay-per-view: {stream.title}"[:300],
        record=lambda transfer: PayPerViewAccess.objects.create(
            stream=stream, user=user, coins=stream.pay_per_view_cost, transfer_id=transfer.pk
        ),
    )
    return PayPerViewAccess.objects.get(stream=stream, user=user)


@transaction.atomic
def stream_thumbnail_set(*, stream: Stream, picture) -> bool:
    """A picture from the stream itself (its live feed or its recording), for a stream whose creator
    uploaded none. False when it has one already (another task was first)."""
    stream = Stream.objects.select_for_update().get(pk=stream.pk)
    if stream.thumbnail:
        return False
    stream.thumbnail = File(picture, name="picture")
    _clean_thumbnail(stream)
    stream.save(update_fields=["thumbnail", "updated_at"])
    return True
