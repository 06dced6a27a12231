"""Bad shot challenges and answers: each a clear error, nothing written, no coin moved."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.core.exceptions import ApplicationError
from apps.restrictions.services import actions
from apps.shots.errors import NotScorekeeper, ShotChallengeClosed, ShotChallengeInvalid, ShotChallengeRefused
from apps.shots.models import Shot, ShotChallenge, ShotChallengeSettings, ShotChallengeStatus
from apps.shots.services import challenges
from apps.streaming.models import Status
from apps.wallet.errors import InsufficientCoins
from apps.wallet.models import Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.shots.challenges_support import assert_books, escrow, funded, moderator_of
from tests.streaming.chat_moderation import BAD_WORD
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _books_after_each():
    yield
    assert_books()


@pytest.fixture
def stream():
    return LiveStreamFactory()


def _nothing_written(fan, coins=1000) -> None:
    assert not ShotChallenge.objects.exists()
    assert balance_of(user=fan) == coins
    assert escrow() == 0


@pytest.mark.parametrize(
    ("text", "coins", "shot_type", "field"),
    [
        ("Half-court shot", 49, None, "coins"),  # below the default minimum of 50
        ("Half-court shot", 0, None, "coins"),
        ("Half-court shot", True, None, "coins"),
        ("Half-court shot", "100", None, "coins"),
        ("   ", 100, None, "text"),
        ("x" * 101, 100, None, "text"),
        (f"Hit a {BAD_WORD} three", 100, None, "text"),
        ("Half-court shot", 100, "sky_hook", "type"),
    ],
    ids=["below-minimum", "zero", "bool", "text-coins", "blank", "too-long", "automod", "unknown-type"],
)
def test_bad_terms_are_refused_on_their_field(stream, automod_holds, text, coins, shot_type, field):
    fan = funded()
    with pytest.raises(ShotChallengeInvalid) as refused:
        challenges.shot_challenge_create(stream=stream, challenger=fan, text=text, coins=coins, shot_type=shot_type)
    assert refused.value.field == field
    _nothing_written(fan)


def test_the_creators_own_minimum_is_the_floor(stream):
    ShotChallengeSettings.objects.create(creator=stream.creator, min_coins=300)
    fan = funded()
    with pytest.raises(ShotChallengeInvalid, match="costs 300"):
        challenges.shot_challenge_create(stream=stream, challenger=fan, text="Eyes closed", coins=299)
    assert challenges.shot_challenge_create(stream=stream, challenger=fan, text="Eyes closed", coins=300).coins == 300


def test_an_unaffordable_challenge_writes_nothing(stream):
    fan = funded(99)
    with pytest.raises(InsufficientCoins):
        challenges.shot_challenge_create(stream=stream, challenger=fan, text="Half-court shot", coins=100)
    _nothing_written(fan, 99)
    assert not Transfer.objects.filter(reference__startswith="shot_challenge:").exists()


def _timed_out(stream, fan):
    actions.timeout(actor=stream.creator, channel=stream.creator, user=fan, seconds=600)


@pytest.mark.parametrize(
    "situation",
    ["signed-out", "own-stream", "scheduled", "ended", "turned-off", "timed-out"],
)
def test_who_may_not_challenge(situation):
    stream = StreamFactory(status=Status.SCHEDULED) if situation == "scheduled" else LiveStreamFactory()
    fan = funded()
    challenger = fan
    if situation == "signed-out":
        challenger = AnonymousUser()
    elif situation == "own-stream":
        challenger = stream.creator
    elif situation == "ended":
        stream.status = Status.ENDED
        stream.save()
    elif situation == "turned-off":
        ShotChallengeSettings.objects.create(creator=stream.creator, enabled=False)
    elif situation == "timed-out":
        _timed_out(stream, fan)
    with pytest.raises(ApplicationError) as refused:
        challenges.shot_challenge_create(stream=stream, challenger=challenger, text="Half-court shot", coins=100)
    assert refused.value.code in {ShotChallengeRefused.code, "timed_out"}
    _nothing_written(fan)


def test_only_the_channels_team_answers(stream):
    fan = funded()
    challenge = challenges.shot_challenge_create(stream=stream, challenger=fan, text="Half-court shot", coins=100)
    for outsider in (fan, UserFactory()):
        with pytest.raises(NotScorekeeper):
            challenges.shot_challenge_accept(challenge=challenge, by=outsider)
        with pytest.raises(NotScorekeeper):
            challenges.shot_challenge_decline(challenge=challenge, by=outsider)
    challenges.shot_challenge_accept(challenge=challenge, by=moderator_of(stream))
    with pytest.raises(NotScorekeeper):
        challenges.shot_challenge_attempt(challenge=challenge, by=fan, made=True, shot_type="three")
    challenge.refresh_from_db()
    assert (challenge.status, Shot.objects.count(), escrow()) == (ShotChallengeStatus.ACCEPTED, 0, 100)


def test_an_attempt_needs_an_accepted_challenge_and_a_kind_of_shot(stream):
    fan = funded()
    challenge = challenges.shot_challenge_create(stream=stream, challenger=fan, text="Half-court shot", coins=100)
    with pytest.raises(ShotChallengeClosed, match="Accept the challenge"):
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True, shot_type="three")
    challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    with pytest.raises(ShotChallengeClosed, match="already accepted"):
        challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    with pytest.raises(ShotChallengeInvalid) as no_kind:
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True)
    assert no_kind.value.field == "type"
    with pytest.raises(ApplicationError) as unknown_kind:  # the tracker's own refusal
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True, shot_type="sky_hook")
    assert unknown_kind.value.field == "type"
    with pytest.raises(ShotChallengeInvalid) as not_said:
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made="yes", shot_type="three")
    assert not_said.value.field == "made"
    challenge.refresh_from_db()
    assert (challenge.status, Shot.objects.count(), escrow(), balance_of(user=fan)) == ("accepted", 0, 100, 900)
    challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True, shot_type="three")
    with pytest.raises(ShotChallengeClosed, match="already attempted"):
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True, shot_type="three")
    assert Shot.objects.count() == 1


def test_an_attempt_on_an_ended_stream_is_refused_whole(stream):
    """The tracker refuses the shot: the challenge stays accepted and its coins stay in escrow."""
    fan = funded()
    challenge = challenges.shot_challenge_create(stream=stream, challenger=fan, text="Half-court shot", coins=100)
    challenges.shot_challenge_accept(challenge=challenge, by=stream.creator)
    stream.status = Status.ENDED
    stream.save()
    with pytest.raises(ApplicationError) as refused:
        challenges.shot_challenge_attempt(challenge=challenge, by=stream.creator, made=True, shot_type="three")
    assert refused.value.code == "stream_not_live"
    challenge.refresh_from_db()
    assert (challenge.status, challenge.shot_id, Shot.objects.count(), escrow()) == ("accepted", None, 0, 100)


def test_only_the_creator_sets_the_terms(stream):
    with pytest.raises(NotScorekeeper):
        challenges.challenge_settings_update(
            creator=stream.creator, by=moderator_of(stream), enabled=False, min_coins=10
        )
    with pytest.raises(ShotChallengeInvalid):
        challenges.challenge_settings_update(creator=stream.creator, by=stream.creator, enabled=True, min_coins=0)
    terms = challenges.challenge_settings_update(creator=stream.creator, by=stream.creator, enabled=False, min_coins=10)
    assert (terms.enabled, terms.min_coins, ShotChallengeSettings.objects.count()) == (False, 10, 1)
