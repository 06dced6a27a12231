"""The highlight finder with plain numbers (apps.clips.highlights): no database."""

import pytest

from apps.clips import highlights as finder
from apps.clips.models import HighlightKind


def signals(**kinds) -> finder.Signals:
    return finder.Signals(**{"chat": [], "gifts": [], "shots": [], "challenges_made": [], "pk_finishes": [], **kinds})


def steady_chat(seconds: int, per_bucket: int) -> list[float]:
    """`per_bucket` lines in every 10 s, spread evenly."""
    return [bucket * 10 + i * 10 / per_bucket for bucket in range(seconds // 10) for i in range(per_bucket)]


def test_buckets_count_per_complete_ten_seconds():
    assert finder.buckets([0, 9.9, 10, 25, 31], until=30) == [2, 1, 1]
    assert finder.buckets([1, 12, 14], [100, 5, 20], until=20) == [100, 25]


def test_z_score_against_the_buckets_before():
    counts = [2, 4, 2, 4, 2, 4, 13]
    ((index, z),) = finder.z_scores(counts)
    assert index == 6
    # mean 3, population deviation 1, but never below sqrt(mean): (13 - 3) / sqrt(3)
    assert z == pytest.approx(10 / 3**0.5)


def test_no_baseline_no_judgement():
    """Fewer than a minute of buckets before it: a bucket is not judged."""
    assert finder.z_scores([0, 0, 0, 0, 0, 50]) == []


def test_chat_burst_over_the_streams_own_baseline():
    chat = steady_chat(200, 3) + [120 + i * 0.5 for i in range(20)]
    (candidate,) = finder.find(signals(chat=chat), until=200)
    assert candidate.kind == HighlightKind.CHAT_BURST
    # The burst's bucket 120-130 s, 15 s of pre-roll and 5 of post-roll.
    assert (candidate.start, candidate.end) == (105, 135)
    assert candidate.evidence[0]["count"] == 23
    assert candidate.evidence[0]["z"] > finder.CHAT_Z_THRESHOLD
    assert 0.5 <= candidate.confidence <= 1
    assert 1 <= candidate.excitement <= 10


def test_a_busy_channel_needs_a_bigger_burst():
    """23 lines in 10 s stand out in a chat of 3 per 10 s, not in one of 20."""
    quiet = steady_chat(120, 3) + [120 + i * 0.4 for i in range(23)]
    busy = steady_chat(120, 20) + [120 + i * 0.4 for i in range(23)]
    assert finder.find(signals(chat=quiet), until=140)
    assert finder.find(signals(chat=busy), until=140) == []


def test_a_few_lines_in_a_silent_chat_are_no_burst():
    assert finder.find(signals(chat=[120, 121, 122, 123]), until=140) == []


def test_gift_spike_in_coins_per_ten_seconds():
    gifts = [(t, 5) for t in range(0, 120, 10)] + [(124, 500), (126, 100)]
    (candidate,) = finder.find(signals(gifts=gifts), until=140)
    assert candidate.kind == HighlightKind.GIFT_SPIKE
    assert (candidate.start, candidate.end) == (105, 135)
    assert candidate.evidence[0]["count"] == 600


def test_make_streaks_at_three_five_ten():
    shots = [(t, True) for t in range(10, 110, 10)]  # ten makes in a row
    moments = finder.make_streak_moments(shots)
    assert [m.evidence[0]["streak"] for m in moments] == [3, 5, 10]
    assert [m.evidence[0]["at"] for m in moments] == [30, 50, 100]
    # A miss starts again.
    assert finder.make_streak_moments([(1, True), (2, True), (3, False), (4, True), (5, True)]) == []


def test_make_streak_excitement_grows_with_the_streak():
    moments = finder.make_streak_moments([(t * 60, True) for t in range(1, 11)])
    assert [m.excitement for m in moments] == [6, 8, 10]
    assert all(m.confidence == 1 for m in moments)


def test_pk_finish_is_the_battles_last_ten_seconds():
    (candidate,) = finder.find(signals(pk_finishes=[300]), until=400)
    assert candidate.kind == HighlightKind.PK_FINISH
    assert (candidate.start, candidate.end) == (285, 305)


def test_overlapping_moments_merge_and_agreement_adds_excitement():
    chat = steady_chat(120, 3) + [120 + i * 0.4 for i in range(25)]
    gifts = [(125, 1000)]
    shots = [(118, True), (121, True), (124, True)]
    (candidate,) = finder.find(signals(chat=chat, gifts=gifts, shots=shots, challenges_made=[124]), until=140)
    kinds = {signal["kind"] for signal in candidate.evidence}
    assert kinds == {HighlightKind.CHAT_BURST, HighlightKind.GIFT_SPIKE, HighlightKind.MAKE_STREAK, "challenge_made"}
    assert (candidate.start, candidate.end) == (105, 135)
    # The strongest scores 8 (the paid challenge; the burst, at twice the threshold); three more kinds agree.
    assert candidate.excitement == 10
    assert candidate.confidence == 1


def test_agreement_adds_one_point_per_other_kind():
    (alone,) = finder.find(signals(shots=[(118, True), (121, True), (124, True)]), until=140)
    (agreed,) = finder.find(signals(shots=[(118, True), (121, True), (124, True)], challenges_made=[124]), until=140)
    assert alone.excitement == 6
    assert agreed.kind == HighlightKind.CHALLENGE_MADE
    assert agreed.excitement == 9


def test_moments_apart_stay_apart():
    found = finder.find(signals(challenges_made=[100, 200]), until=300)
    assert [(c.start, c.end) for c in found] == [(85, 105), (185, 205)]


def test_a_merged_candidate_is_no_longer_than_a_clip():
    found = finder.merged(finder.challenge_moments(range(100, 200, 15)))
    (candidate,) = found
    assert candidate.duration == 60


def test_live_waits_for_the_post_roll():
    """While live, a moment whose post-roll is not on the picture yet waits for a later run."""
    assert finder.find(signals(challenges_made=[100]), until=103) == []
    assert finder.find(signals(challenges_made=[100]), until=105)


def test_ended_cuts_the_post_roll_short():
    (candidate,) = finder.find(signals(challenges_made=[100]), until=103, ended=True)
    assert (candidate.start, candidate.end) == (85, 103)


def test_judge_from_leaves_older_moments_out():
    assert finder.find(signals(challenges_made=[50, 150]), until=200, judge_from=100)[0].evidence[0]["at"] == 150
    assert len(finder.find(signals(challenges_made=[50, 150]), until=200, judge_from=100)) == 1
