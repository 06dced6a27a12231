"""Reads of the streaming app, shared by pages, API and sockets."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from apps.streaming import rules
from apps.streaming.errors import StreamNotFound
from apps.streaming.models import Category, ChatMessage, Status, Stream, StreamViewer, Visibility

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
    """The latest messages (oldest first), skipping deleted ones; `before` pages back by message id."""
    messages = ChatMessage.objects.filter(stream=stream, deleted_at__isnull=True).select_related("user__profile")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    return list(reversed(messages.order_by("-id")[:limit]))


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
