"""Automatic highlights on a stream: found from what happened on it (through the services that
write it), kept once, cut as unpublished clips, reviewed by the creator only."""

from datetime import timedelta

import pytest

from apps.clips.errors import HighlightClipNotReady, HighlightsCreatorOnly
from apps.clips.models import Clip, ClipStatus, Highlight, HighlightKind, HighlightReview
from apps.clips.services import highlights as services
from apps.devices import services as devices
from apps.gifting.models import Gift
from apps.gifting.services import gift_send
from apps.pk import services as pk
from apps.shots.domain_events import SHOT_RECORDED
from apps.shots.models import Shot, ShotChallenge, ShotType
from apps.streaming import services as streaming
from apps.wallet.audit import audit
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory


@pytest.fixture
def viewers(db):
    return UserFactory.create_batch(12)


def chat_baseline(stream, viewers, clock, *, seconds: int) -> None:
    """One line every 10 s for `seconds`."""
    for n in range(seconds // 10):
        streaming.chat_post(stream=stream, user=viewers[n % len(viewers)], content=f"nice form {n}")
        clock.advance(seconds=10)


def burst(stream, viewers, fan, clock) -> None:
    """Twelve lines and two Trophies (500 coins each) within six seconds."""
    trophy = Gift.objects.get(name="Trophy")
    for n, viewer in enumerate(viewers):
        streaming.chat_post(stream=stream, user=viewer, content=f"WHAT A SHOT {n}")
        if n in (3, 8):
            gift_send(stream=stream, sender=fan, gift_id=trophy.pk)
        clock.advance(seconds=0.5)


def test_a_burst_of_chat_and_gifts_at_a_known_time_becomes_a_highlight_covering_it(live, viewers, fan, clock):
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)  # 120 s to 126 s from the start
    clock.advance(seconds=20)

    (highlight,) = services.highlights_detect(stream_id=live.pk)

    assert highlight.start_offset_seconds <= 120
    assert highlight.start_offset_seconds + highlight.duration_seconds >= 126
    assert highlight.start_offset_seconds == 105
    assert highlight.duration_seconds == 30
    kinds = {signal["kind"] for signal in highlight.evidence["signals"]}
    assert kinds == {HighlightKind.CHAT_BURST, HighlightKind.GIFT_SPIKE}
    assert highlight.excitement == 9
    assert highlight.confidence == 1
    assert highlight.review == HighlightReview.PENDING
    assert highlight.processed
    clip = highlight.clip
    assert (clip.start_ms, clip.duration_ms, clip.published) == (105_000, 30_000, False)
    assert clip.clipped_by is None
    assert clip.creator == live.creator
    assert clip.title == f"{highlight.get_kind_display()} at 1:45"
    assert audit() == []


def test_finding_again_keeps_nothing_twice(live, viewers, fan, clock):
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)
    clock.advance(seconds=20)
    services.highlights_detect(stream_id=live.pk)
    clock.advance(seconds=30)

    assert services.highlights_detect(stream_id=live.pk) == []
    assert Highlight.objects.count() == 1
    assert Clip.objects.count() == 1


def test_nothing_before_the_post_roll_is_on_the_picture(live, viewers, fan, clock):
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)  # the burst's bucket ends at 130 s, its post-roll at 135 s

    clock.advance(seconds=2)
    assert services.highlights_detect(stream_id=live.pk) == []
    clock.advance(seconds=10)
    assert len(services.highlights_detect(stream_id=live.pk)) == 1


def test_a_camera_without_auto_highlights_finds_nothing(live, camera, viewers, fan, clock):
    devices.device_update(device=camera, by=live.creator, data={"auto_highlights": False})
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)
    clock.advance(seconds=20)

    assert services.highlights_detect(stream_id=live.pk) == []
    assert not Highlight.objects.exists()


def test_a_moment_the_live_hls_no_longer_holds_waits_for_the_stream_end(
    live, viewers, fan, clock, django_capture_on_commit_callbacks
):
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)
    clock.advance(seconds=300)
    assert services.highlights_detect(stream_id=live.pk) == []

    # stream.ended runs the finder once more over the whole stream (the recording holds it).
    with django_capture_on_commit_callbacks(execute=True):
        streaming.stream_end(stream=live, by=live.creator)

    (highlight,) = Highlight.objects.all()
    assert highlight.start_offset_seconds == 105


@pytest.fixture
def highlight(live, viewers, fan, clock):
    chat_baseline(live, viewers, clock, seconds=120)
    burst(live, viewers, fan, clock)
    clock.advance(seconds=20)
    (found,) = services.highlights_detect(stream_id=live.pk)
    return found


def cut(highlight, status=ClipStatus.READY) -> None:
    """What the cutter (clips.cut) writes when it is done."""
    Clip.objects.filter(pk=highlight.clip_id).update(status=status)


def test_the_creator_publishes_a_cut_highlight(highlight, creator):
    cut(highlight)
    published = services.highlight_publish(highlight=highlight, by=creator)
    assert published.review == HighlightReview.PUBLISHED
    assert published.reviewed_at is not None
    assert Clip.objects.get(pk=highlight.clip_id).published


def test_publishing_twice_changes_nothing(highlight, creator, clock):
    cut(highlight)
    first = services.highlight_publish(highlight=highlight, by=creator)
    clock.advance(minutes=1)
    again = services.highlight_publish(highlight=highlight, by=creator)
    assert again.reviewed_at == first.reviewed_at


@pytest.mark.parametrize("status", [ClipStatus.PENDING, ClipStatus.FAILED])
def test_a_highlight_whose_clip_is_not_cut_cannot_be_published(highlight, creator, status):
    cut(highlight, status)
    with pytest.raises(HighlightClipNotReady):
        services.highlight_publish(highlight=highlight, by=creator)
    highlight.refresh_from_db()
    assert highlight.review == HighlightReview.PENDING
    assert not highlight.clip.published


def test_a_deleted_clip_cannot_be_published(highlight, creator):
    Clip.objects.filter(pk=highlight.clip_id).delete()
    highlight.refresh_from_db()
    with pytest.raises(HighlightClipNotReady, match="deleted"):
        services.highlight_publish(highlight=highlight, by=creator)


def test_discarding_a_published_highlight_unlists_its_clip(highlight, creator):
    cut(highlight)
    services.highlight_publish(highlight=highlight, by=creator)
    discarded = services.highlight_discard(highlight=highlight, by=creator)
    assert discarded.review == HighlightReview.DISCARDED
    assert not Clip.objects.get(pk=highlight.clip_id).published


@pytest.mark.parametrize("action", [services.highlight_publish, services.highlight_discard])
def test_only_the_creator_reviews(highlight, viewers, action):
    cut(highlight)
    moderator = UserFactory(is_staff=True)
    for someone in (viewers[0], moderator):
        with pytest.raises(HighlightsCreatorOnly):
            action(highlight=highlight, by=someone)
    highlight.refresh_from_db()
    assert highlight.review == HighlightReview.PENDING
    assert not highlight.clip.published


def record_shots(stream, clock, *made: bool):
    """Shots as the tracker writes them, one every 3 s (rows until the tracker's service lands)."""
    three = ShotType.objects.get(code="three")
    shots = []
    for outcome in made:
        shots.append(Shot.objects.create(stream=stream, shooter=stream.creator, shot_type=three, made=outcome))
        clock.advance(seconds=3)
    return shots


def test_shot_recorded_runs_the_finder_on_a_make_streak(live, clock, django_capture_on_commit_callbacks):
    clock.advance(seconds=100)
    *_, third = record_shots(live, clock, True, True, True)  # the third make at 106 s
    clock.advance(seconds=10)

    with django_capture_on_commit_callbacks(execute=True):
        SHOT_RECORDED.publish(
            shot_id=third.pk, stream_id=str(live.pk), shooter_id=live.creator_id, shot_type="three", made=True, streak=3
        )

    (highlight,) = Highlight.objects.all()
    assert highlight.kind == HighlightKind.MAKE_STREAK
    assert (highlight.start_offset_seconds, highlight.duration_seconds) == (94, 17)
    assert highlight.clip.title == "Make streak of 3 at 1:34"


def test_an_undone_shot_breaks_no_streak_and_makes_none(live, clock):
    clock.advance(seconds=100)
    first, *_ = record_shots(live, clock, True, True, True)
    Shot.objects.filter(pk=first.pk).update(undone_at=clock.now)
    clock.advance(seconds=10)
    assert services.highlights_detect(stream_id=live.pk) == []


def test_a_made_challenge_is_a_highlight(live, clock, fan):
    clock.advance(seconds=100)
    (shot,) = record_shots(live, clock, True)
    ShotChallenge.objects.create(
        stream=live, challenger=fan, creator=live.creator, text="Half-court", coins=50, status="attempted", made=True,
        shot=shot, expires_at=clock.now,
    )  # fmt: skip
    clock.advance(seconds=10)
    (highlight,) = services.highlights_detect(stream_id=live.pk)
    assert highlight.kind == HighlightKind.CHALLENGE_MADE
    assert highlight.excitement == 8


def test_battle_finished_keeps_the_battles_last_seconds(live, creator, clock, django_capture_on_commit_callbacks):
    opponent = UserFactory()
    LiveStreamFactory(creator=opponent, started_at=clock.now)
    clock.advance(seconds=60)
    battle = pk.battle_invite(host=creator, opponents=[opponent], duration_seconds=180)
    pk.battle_accept(battle=battle, host=opponent)
    battle.refresh_from_db()
    clock.now = battle.ends_at + timedelta(seconds=10)

    with django_capture_on_commit_callbacks(execute=True):
        pk.battle_end(battle=battle, now=battle.ends_at)

    (highlight,) = Highlight.objects.all()  # the opponent's stream has no camera with auto highlights
    ended = round((battle.ends_at - live.started_at).total_seconds())
    assert highlight.kind == HighlightKind.PK_FINISH
    assert (highlight.start_offset_seconds, highlight.duration_seconds) == (ended - 15, 20)


def test_the_beat_runs_the_finder_for_live_streams_with_auto_highlights(
    live, clock, django_capture_on_commit_callbacks
):
    LiveStreamFactory(started_at=clock.now)  # no camera
    clock.advance(seconds=100)
    record_shots(live, clock, True, True, True)
    clock.advance(seconds=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.highlights_detect_live() == 1
    assert Highlight.objects.get().kind == HighlightKind.MAKE_STREAK
