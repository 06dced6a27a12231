"""Reads of the streaming app, shared by pages, API and sockets."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.restrictions.models import ChannelModerator
from apps.restrictions.rules import PLATFORM_MODERATOR_PERMISSION, is_platform_moderator
from apps.streaming import rules
from apps.streaming.errors import StreamNotFound
from apps.streaming.models import (
    HELD_MESSAGE_TTL,
    OPEN_STATUSES,
    Category,
    ChatMessage,
    Review,
    Status,
    Stream,
    StreamViewer,
    Visibility,
)

HISTORY_LIMIT = 50
SORTS = ("viewers", "newest", "trending")
STATUS_FILTERS = ("live", "scheduled", "ended", "all")
LIVE_PAGE_STATUSES = ("live", "scheduled")
# Chat in this window counts toward "trending".
TRENDING_WINDOW = timedelta(minutes=10)


def stream_for(*, stream_id, viewer, creator_profile: bool = True) -> Stream:
    """The stream if this viewer may know it exists; StreamNotFound otherwise (private looks absent).
    Without `creator_profile` the creator comes without their profile (a write that shows no creator)."""
    related = "creator__profile" if creator_profile else "creator"
    stream = Stream.objects.select_related(related, "category").filter(pk=stream_id).first()
    if stream is None or not rules.can_see(stream, viewer):
        raise StreamNotFound("No such stream.")
    return stream


def watchable_stream_for(*, stream_id, viewer, creator_profile: bool = True) -> Stream:
    """The stream if this viewer may watch its content (rules.watch_problem); raises why not
    (StreamNotFound too, for a private stream the viewer may not know of)."""
    stream = stream_for(stream_id=stream_id, viewer=viewer, creator_profile=creator_profile)
    if problem := rules.watch_problem(stream, viewer):
        raise problem
    return stream


def active_categories() -> QuerySet[Category]:
    """The categories creators may choose and /live/ filters by, in their order."""
    return Category.objects.filter(active=True)


def listed_streams() -> QuerySet[Stream]:
    """Streams anyone may find in a list (/live/, search, tag pages): the public ones. Unlisted
    streams are for whoever has the link, private ones for their creator."""
    return Stream.objects.select_related("creator__profile", "category").filter(visibility=Visibility.PUBLIC)


def stream_list(
    *, viewer, status: str = "live", category: Category | str | None = None, creator=None, sort: str = "viewers"
) -> QuerySet[Stream]:
    """Listed streams, plus all of the viewer's own when they filter by themselves."""
    if creator is not None and viewer.is_authenticated and creator.pk == viewer.pk:
        streams = Stream.objects.select_related("creator__profile", "category").filter(creator=creator)
    else:
        streams = listed_streams()
        if creator is not None:
            streams = streams.filter(creator=creator)
    if status != "all":
        streams = streams.filter(status=status)
    if category:
        streams = streams.filter(category=category)
    if status == "scheduled":
        return streams.order_by(F("scheduled_for").asc(nulls_last=True), "created_at")
    if sort == "newest":
        return streams.order_by(F("started_at").desc(nulls_last=True), "-created_at")
    if sort == "trending":
        recent = Q(messages__created_at__gte=timezone.now() - TRENDING_WINDOW, messages__kind="chat")
        return streams.annotate(recent_chat=Count("messages", filter=recent)).order_by(
            -(F("recent_chat") + F("current_viewers")), "-started_at"
        )
    return streams.order_by("-current_viewers", F("started_at").desc(nulls_last=True))


def chat_history(*, stream: Stream, before: int | None = None, limit: int = HISTORY_LIMIT) -> list[ChatMessage]:
    """The latest messages everyone sees (oldest first): not deleted, not held back by AutoMod
    (held, denied, expired) and not from a shadow-hidden author; `before` pages back by message id."""
    messages = (
        ChatMessage.objects.filter(stream=stream, deleted_at__isnull=True, shadow=False)
        .filter(review__in=(Review.NONE, Review.APPROVED))
        .select_related("user__profile")
    )
    if before is not None:
        messages = messages.filter(pk__lt=before)
    return list(reversed(messages.order_by("-id")[:limit]))


def team_ids(*, channel_id) -> frozenset[int]:
    """The channel's team, whose chat lines carry the mod badge: its creator, the moderators they
    appointed and the platform moderators. One query, for a whole page of history."""
    app_label, codename = PLATFORM_MODERATOR_PERMISSION.split(".")
    platform = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    appointed = ChannelModerator.objects.filter(creator_id=channel_id).values("moderator_id")
    platform_moderators = Q(is_active=True) & (Q(is_superuser=True) | platform)
    team = User.objects.filter(Q(pk=channel_id) | Q(pk__in=appointed) | platform_moderators)
    return frozenset(team.values_list("pk", flat=True).distinct())


def _unexpired_held():
    return ChatMessage.objects.filter(review=Review.HELD, created_at__gt=timezone.now() - HELD_MESSAGE_TTL)


def held_queue(user, channel_ids=None) -> QuerySet[ChatMessage]:
    """The held messages `user` may approve or deny, oldest first: every channel's for a platform
    moderator, their channels' for a creator or channel moderator (none for anyone else);
    `channel_ids` narrows it to some creators' channels. Expired ones (not yet swept) are left out."""
    held = _unexpired_held().select_related("user__profile", "stream__creator__profile").order_by("created_at", "id")
    if not is_platform_moderator(user):
        if not (user and user.is_authenticated):
            return held.none()
        appointed = ChannelModerator.objects.filter(moderator=user).values("creator_id")
        held = held.filter(Q(stream__creator=user) | Q(stream__creator_id__in=appointed))
    if channel_ids is not None:
        held = held.filter(stream__creator_id__in=channel_ids)
    return held


def held_on_stream(*, stream_id) -> list[ChatMessage]:
    """One stream's unexpired held messages, oldest first: what a moderator's socket is sent (HM)
    as it connects."""
    return list(_unexpired_held().filter(stream_id=stream_id).select_related("user__profile").order_by("id"))


def open_streams_of(*, channel_id) -> list[Stream]:
    """The channel's scheduled and live streams: those whose pages show its settings now."""
    return list(Stream.objects.filter(creator_id=channel_id, status__in=OPEN_STATUSES))


def viewers_of(*, stream: Stream) -> QuerySet[StreamViewer]:
    return StreamViewer.objects.present().filter(stream=stream).select_related("user__profile").order_by("joined_at")


def creator_live_stream(*, creator) -> Stream | None:
    return Stream.objects.filter(creator=creator, status=Status.LIVE).first()


def streams_missing_stats(*, now=None) -> list[str]:
    """Ended streams whose end-of-stream summary should have been computed a sweep ago (its task
    was never queued, or was lost)."""
    late = (now or timezone.now()) - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS)
    ended = Stream.objects.filter(status=Status.ENDED, stats_computed_at__isnull=True, ended_at__lt=late)
    return [str(pk) for pk in ended.order_by("ended_at").values_list("pk", flat=True)]
