"""Shot challenges, coin by coin: held in escrow when made, paid to the creator with the usual split
when attempted (made or missed), back in full when declined or not attempted within 30 minutes. The
books, and escrow against the open challenges, after each test."""

import json

import pytest

from apps.realtime.protocol import Code
from apps.shots.errors import ShotChallengeClosed
from apps.shots.models import Shot, ShotChallenge, ShotChallengeStatus
from apps.shots.services import challenges
from apps.wallet.models import Transfer, TransferKind
from apps.wallet.selectors import balance_of
from tests.realtime.helpers import GroupListener
from tests.shots.challenges_support import assert_books, earnings, escrow, funded, moderator_of, revenue
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _books_after_each():
    yield
    assert_books()


@pytest.fixture
def stream():
    return LiveStreamFactory()


def _challenge_frames(listener) -> list[dict]:
    """The frames of the next channel-layer message that carries a CH (the tracker's own ST may come first)."""
    while True:
        frames = [json.loads(text) for text in listener.next_message()["texts"]]
        if any(frame["t"] == Code.SHOT_CHALLENGE for frame in frames):
            return frames


def _challenge(stream, fan, coins=100, **extra) -> ShotChallenge:
    return challenges.shot_challenge_create(stream=stream, challenger=fan, text="Left-hand three", coins=coins, **extra)


def test_a_challenge_holds_its_coins_in_escrow(stream):
    fan = funded(1000)
    challenge = _challenge(stream, fan, coins=150, shot_type="three")
    assert (challenge.status, challenge.coins, challenge.shot_type.code) == (ShotChallengeStatus.PENDING, 150, "three")
    assert (balance_of(user=fan), escrow(), earnings(stream.creator)) == (850, 150, 0)
    hold = Transfer.objects.get(reference=f"shot_challenge:{challenge.pk}")
    assert (hold.kind, hold.idempotency_key) == (TransferKind.ESCROW, f"shot_challenge:{challenge.pk}:hold")


def test_a_made_challenge_records_the_shot_pays_the_split_and_celebrates(stream, django_capture_on_commit_callbacks):
    fan = funded(1000)
    challenge = _challenge(stream, fan, coins=99, shot_type="three")
    challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True)
    shot = Shot.objects.get()
    assert (shot.shot_type.code, shot.made, shot.stream_id, challenge.shot_id) == ("three", True, stream.pk, shot.pk)
    assert (challenge.status, challenge.made) == (ShotChallengeStatus.ATTEMPTED, True)
    # 99 coins at 70 %: the platform's 29 rounded down, the creator the rest.
    assert (balance_of(user=fan), escrow(), earnings(stream.creator), revenue()) == (901, 0, 70, 29)
    paid = Transfer.objects.get(kind=TransferKind.SHOT_CHALLENGE)
    assert paid.reference == f"shot_challenge:{challenge.pk}"
    ch, ml = _challenge_frames(listener)
    assert ch["t"] == Code.SHOT_CHALLENGE
    assert ch["d"] | {"who": None, "expires": None} == {
        "id": challenge.pk, "s": "attempted", "text": "Left-hand three", "coins": 99, "who": None, "made": True,
        "expires": None,
    }  # fmt: skip
    assert ch["d"]["who"]["id"] == fan.pk
    assert ml == {
        **ml,
        "t": Code.MILESTONE,
        "d": {"kind": "challenge_made", "text": "Left-hand three", "who": ch["d"]["who"]},
    }


def test_a_missed_challenge_is_paid_all_the_same_without_a_celebration(stream, django_capture_on_commit_callbacks):
    fan = funded(1000)
    challenge = _challenge(stream, fan, coins=100)
    moderator = moderator_of(stream)
    challenges.shot_challenge_accept(challenge=challenge, by=moderator)
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenges.shot_challenge_attempt(
            challenge=challenge, by=moderator, made=False, shot_type="layup_dunk"
        )
    assert (challenge.made, Shot.objects.get().shot_type.code, Shot.objects.get().recorded_by) == (
        False,
        "layup_dunk",
        moderator,
    )
    assert (balance_of(user=fan), escrow(), earnings(stream.creator), revenue()) == (900, 0, 70, 30)
    assert [frame["t"] for frame in _challenge_frames(listener)] == [Code.SHOT_CHALLENGE]


def test_a_declined_challenge_is_refunded_in_full(stream):
    fan = funded(1000)
    challenge = challenges.shot_challenge_decline(challenge=_challenge(stream, fan, coins=250), by=stream.creator)
    assert challenge.status == ShotChallengeStatus.DECLINED
    assert (balance_of(user=fan), escrow(), earnings(stream.creator), revenue()) == (1000, 0, 0, 0)
    with pytest.raises(ShotChallengeClosed):
        challenges.shot_challenge_decline(challenge=challenge, by=stream.creator)
    assert balance_of(user=fan) == 1000


@pytest.mark.parametrize("accepted", [False, True], ids=["pending", "accepted"])
def test_a_challenge_not_attempted_in_30_minutes_expires_refunded(stream, clock, accepted):
    fan = funded(1000)
    challenge = _challenge(stream, fan, coins=100, shot_type="free_throw")
    if accepted:
        challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    clock.advance(minutes=29, seconds=59)
    assert challenges.shot_challenges_expire() == 0
    assert escrow() == 100
    clock.advance(seconds=1)
    assert challenges.shot_challenges_expire() == 1
    assert challenges.shot_challenges_expire() == 0
    challenge.refresh_from_db()
    assert challenge.status == ShotChallengeStatus.EXPIRED
    assert (balance_of(user=fan), escrow(), earnings(stream.creator)) == (1000, 0, 0)


def test_an_attempt_too_late_is_refused_and_the_expiry_stands(stream, clock):
    fan = funded(1000)
    challenge = _challenge(stream, fan, coins=100, shot_type="three")
    challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    clock.advance(minutes=31)
    with pytest.raises(ShotChallengeClosed, match="not attempted in time"):
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True)
    challenge.refresh_from_db()
    assert (challenge.status, Shot.objects.count()) == (ShotChallengeStatus.EXPIRED, 0)
    assert (balance_of(user=fan), escrow(), earnings(stream.creator)) == (1000, 0, 0)
