"""The stream socket's welcome carries the open shot challenges (CH), oldest first, in one query however
many there are."""

import json

import pytest

from apps.realtime.sections import welcome_batch
from apps.shots.challenge_sockets import ShotChallengeSection
from apps.shots.services import challenges
from apps.streaming.sockets import STREAM
from tests.shots.challenges_support import funded
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def test_the_welcome_carries_the_open_challenges(django_assert_num_queries):
    stream = LiveStreamFactory()
    made = [
        challenges.shot_challenge_create(stream=stream, challenger=funded(), text=f"Shot {n}", coins=100)
        for n in range(3)
    ]
    challenges.shot_challenge_accept(challenge=made[1], by=stream.creator)
    challenges.shot_challenge_decline(challenge=made[2], by=stream.creator)
    with django_assert_num_queries(1):
        frames = list(ShotChallengeSection().welcome(stream))
    assert [(payload["id"], payload["s"]) for _code, payload in frames] == [
        (made[0].pk, "pending"),
        (made[1].pk, "accepted"),
    ]
    sent = [frame for frame in json.loads(welcome_batch(STREAM, stream))["d"] if frame["t"] == "CH"]
    assert [frame["d"]["text"] for frame in sent] == ["Shot 0", "Shot 1"]
