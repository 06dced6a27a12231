"""Shot challenges under concurrency, on PostgreSQL: answers sent at once leave exactly one outcome,
one recorded shot at most, and coins moved once."""

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from threading import Barrier

import pytest
from django.db import connection

from apps.core.exceptions import ApplicationError
from apps.shots.models import Shot
from apps.shots.services import challenges
from apps.wallet.selectors import balance_of
from tests.shots.challenges_support import assert_books, earnings, escrow, funded, moderator_of
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list[str]:
    """Run the calls at the same moment; each one's outcome: "ok" or its error's code."""
    start = Barrier(len(calls))

    def run(call) -> str:
        try:
            start.wait()
            call()
            return "ok"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


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
