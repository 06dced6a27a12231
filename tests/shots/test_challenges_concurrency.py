"""Shot challenges under concurrency, on PostgreSQL: answers sent at once leave exactly one outcome,
one recorded shot at most, and coins moved once."""

from functools import partial

import pytest

from apps.shots.models import Shot
from apps.shots.services import challenges
from apps.wallet.selectors import balance_of
from tests.concurrency import race
from tests.shots.challenges_support import assert_books, earnings, escrow, funded, moderator_of
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_accepts_and_declines_at_once_have_one_outcome():
    stream = LiveStreamFactory()
    fan, moderator = funded(), moderator_of(stream)
    made = challenges.shot_challenge_create(stream=stream, challenger=fan, text="Half-court shot", coins=100)
    calls = [partial(action, challenge=made, by=by) for by in (stream.creator, moderator)
             for action in (challenges.shot_challenge_accept, challenges.shot_challenge_decline)]  # fmt: skip
    assert sorted(race(*calls)) == ["ok"] + ["shot_challenge_closed"] * 3
    made.refresh_from_db()
    if made.status == "accepted":
        assert (balance_of(user=fan), escrow()) == (900, 100)
    else:
        assert (made.status, balance_of(user=fan), escrow()) == ("declined", 1000, 0)
    assert_books()


def test_attempts_sent_at_once_record_one_shot_and_pay_once():
    stream = LiveStreamFactory()
    fan, moderator = funded(), moderator_of(stream)
    made = challenges.shot_challenge_create(
        stream=stream, challenger=fan, text="Corner three", coins=100, shot_type="three"
    )
    challenges.shot_challenge_accept(challenge=made, by=stream.creator)
    calls = [
        partial(challenges.shot_challenge_attempt, challenge=made, by=by, made=True)
        for by in (stream.creator, moderator) * 3
    ]
    assert sorted(race(*calls)) == ["ok"] + ["shot_challenge_closed"] * 5
    assert (Shot.objects.count(), earnings(stream.creator), escrow(), balance_of(user=fan)) == (1, 70, 0, 900)
    assert_books()
