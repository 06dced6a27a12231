"""Automatic highlights: the finder (apps.clips.highlights) run over a stream's chat, gifts, shots
and PK battles, each new candidate kept as a Highlight and cut as an unpublished clip; then the
creator's review (publish, discard).

The finder runs every 30 s for live streams whose cameras have auto highlights on, looking at what
the live HLS still holds, sooner after a moment the shot tracker or a battle announces, and once
over the whole stream when it ends. A candidate that overlaps a highlight the stream already has is
the same moment seen again: nothing is written for it.
"""

import math
from dataclasses import replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from apps.clips import highlights as finder
from apps.clips import rules, selectors
from apps.clips.models import (
    CLIP_MAX_SECONDS,
    CLIP_MIN_SECONDS,
    CLIP_WINDOW_SECONDS,
    Clip,
    Highlight,
    HighlightKind,
    HighlightReview,
    offset_clock,
)
from apps.clips.selectors import picture_offset_ms
from apps.clips.services.clips import clip_cut_moment
from apps.core.scheduling import run_after
from apps.devices.models import Publish
from apps.gifting.models import GiftSend
from apps.pk.models import BattleStatus, Participant
from apps.shots.models import Shot, ShotChallenge
from apps.streaming.models import ChatMessage, MessageKind, Review, Status, Stream

# nginx-rtmp may drop the oldest live segment while a cut reads it: leave it alone.
LIVE_MARGIN_SECONDS = 10
# The finder's next run after a moment: once its post-roll is on the picture.
DETECT_DELAY_SECONDS = finder.MAX_POST_ROLL + 1


def _picture_started_at(stream: Stream) -> datetime | None:
    """Offsets count from the stream's first publish (its picture), else from going live."""
    first = Publish.objects.filter(angle__stream=stream).aggregate(first=Min("started_at"))["first"]
    return first or stream.started_at


def _signals(stream: Stream, started: datetime, since: float) -> finder.Signals:
    def offset(at: datetime) -> float:
        return (at - started).total_seconds()

    since_at = started + timedelta(seconds=since)
    chat = ChatMessage.objects.filter(
        stream=stream,
        kind=MessageKind.CHAT,
        created_at__gte=since_at,
        deleted_at__isnull=True,
        shadow=False,
        review__in=[Review.NONE, Review.APPROVED],
    )
    gifts = GiftSend.objects.filter(stream=stream, created_at__gte=since_at)
    # Streaks run over the whole stream, so every shot counts, however old.
    shots = Shot.objects.filter(stream=stream, undone_at__isnull=True).order_by("id")
    challenges = ShotChallenge.objects.filter(stream=stream, made=True, shot__isnull=False)
    battles = Participant.objects.filter(
        stream=stream, battle__status=BattleStatus.ENDED, battle__ended_at__isnull=False
    )
    return finder.Signals(
        chat=[offset(at) for at in chat.values_list("created_at", flat=True)],
        gifts=[(offset(at), coins) for at, coins in gifts.values_list("created_at", "total_coins")],
        shots=[(offset(at), made) for at, made in shots.values_list("created_at", "made")],
        challenges_made=[offset(at) for at in challenges.values_list("shot__created_at", flat=True)],
        pk_finishes=[offset(at) for at in battles.values_list("battle__ended_at", flat=True)],
    )


def _candidates(stream: Stream, started: datetime) -> list[finder.Candidate]:
    """While live: the moments the live HLS still holds (a pre-roll reaching further is cut short
    there). Once ended: every moment of the stream, cut from its recording."""
    ended = stream.status == Status.ENDED
    until = ((stream.ended_at if ended else timezone.now()) - started).total_seconds()
    earliest = 0.0 if ended else max(0.0, until - CLIP_WINDOW_SECONDS + LIVE_MARGIN_SECONDS)
    baseline = (finder.BASELINE_BUCKETS + 1) * finder.BUCKET_SECONDS
    signals = _signals(stream, started, since=max(0.0, earliest - baseline))
    candidates = finder.find(signals, until=until, judge_from=earliest, ended=ended)
    clamped = [replace(c, start=max(c.start, earliest)) for c in candidates]
    return [c for c in clamped if c.duration >= CLIP_MIN_SECONDS]


def _title(candidate: finder.Candidate, start: int) -> str:
    streak = max((signal.get("streak", 0) for signal in candidate.evidence), default=0)
    what = (
        f"Make streak of {streak}"
        if candidate.kind == HighlightKind.MAKE_STREAK
        else HighlightKind(candidate.kind).label
    )
    return f"{what} at {offset_clock(start)}"


def highlights_detect(*, stream_id) -> list[Highlight]:
    """Run the finder over a stream and keep and cut each new candidate. Safe to run any number of
    times: a moment already kept is not kept again. Returns the new highlights."""
    stream = Stream.objects.filter(pk=stream_id).first()
    if stream is None or stream.status not in (Status.LIVE, Status.ENDED) or not selectors.auto_highlights_on(stream):
        return []
    started = _picture_started_at(stream)
    if started is None:
        return []
    candidates = _candidates(stream, started)
    if not candidates:
        return []
    with transaction.atomic():
        # One finder at a time per stream, so two runs cannot both keep one moment.
        stream = Stream.objects.select_for_update().get(pk=stream.pk)
        taken = list(Highlight.objects.filter(stream=stream).values_list("start_offset_seconds", "duration_seconds"))
        kept = []
        for candidate in candidates:
            start = math.floor(candidate.start)
            end = min(math.ceil(candidate.end), start + CLIP_MAX_SECONDS)
            if any(start < kept_start + length and kept_start < end for kept_start, length in taken):
                continue
            taken.append((start, end - start))
            kept.append(_keep(stream, candidate, start, end, started))
    return kept


def _keep(stream: Stream, candidate: finder.Candidate, start: int, end: int, started: datetime) -> Highlight:
    # The cutter's clock starts at the newest camera connection; after a reconnect a moment from
    # before it is no longer on the live picture and is kept uncut.
    picture_ms = picture_offset_ms(stream=stream, at=started + timedelta(seconds=start))
    clip = None
    if picture_ms is not None:
        clip = clip_cut_moment(
            stream=stream,
            start_ms=picture_ms,
            duration_ms=(end - start) * 1000,
            title=_title(candidate, start),
            published=False,
        )
    return Highlight.objects.create(
        stream=stream,
        kind=candidate.kind,
        start_offset_seconds=start,
        duration_seconds=end - start,
        confidence=round(candidate.confidence, 2),
        excitement=max(1, min(10, candidate.excitement)),
        evidence={"signals": candidate.evidence},
        clip=clip,
        # Processed: handed to the cutter (the clip's own status says how that went).
        processed=clip is not None,
    )


def highlights_detect_soon(*, stream_id) -> None:
    """Queue a finder run for the stream once a moment's post-roll is on the picture (one pending run
    per stream at a time)."""
    run_after(
        "clips.detect_highlights",
        seconds=DETECT_DELAY_SECONDS,
        once_key=f"clips.highlights:{stream_id}",
        args=[str(stream_id)],
    )


def highlights_detect_live() -> int:
    """Beat: a finder run for every live stream with auto highlights on. Returns how many."""
    stream_ids = list(selectors.live_streams_with_auto_highlights().values_list("pk", flat=True))
    for stream_id in stream_ids:
        highlights_detect_soon(stream_id=stream_id)
    return len(stream_ids)


def highlights_after_shot(*, shot_id: int, stream_id, made: bool, streak: int) -> None:
    """shot.recorded: a make that reaches a streak worth a highlight, or makes a paid challenge."""
    if made and (finder.is_streak_moment(streak) or ShotChallenge.objects.filter(shot_id=shot_id, made=True).exists()):
        highlights_detect_soon(stream_id=stream_id)


def highlights_after_battle(*, battle_id: int) -> None:
    """battle.finished: its last seconds on each of its hosts' streams."""
    for stream_id in Participant.objects.filter(battle_id=battle_id).values_list("stream_id", flat=True).distinct():
        highlights_detect_soon(stream_id=stream_id)


def _review(highlight: Highlight, *, by, review: str) -> Highlight:
    highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
    rule = rules.highlight_publish_problem if review == HighlightReview.PUBLISHED else rules.highlight_review_problem
    if problem := rule(highlight, by):
        raise problem
    if highlight.review != review:
        highlight.review, highlight.reviewed_at = review, timezone.now()
        highlight.save(update_fields=["review", "reviewed_at"])
        # Only a published highlight's clip is listed (the creator's profile, the API).
        Clip.objects.filter(pk=highlight.clip_id).update(published=review == HighlightReview.PUBLISHED)
    return highlight


@transaction.atomic
def highlight_publish(*, highlight: Highlight, by) -> Highlight:
    """The creator publishes a highlight: its clip is listed from now on. Publishing twice changes
    nothing."""
    return _review(highlight, by=by, review=HighlightReview.PUBLISHED)


@transaction.atomic
def highlight_discard(*, highlight: Highlight, by) -> Highlight:
    """The creator discards a highlight (a published one is unlisted again). The clip stays theirs to
    download or delete."""
    return _review(highlight, by=by, review=HighlightReview.DISCARDED)
