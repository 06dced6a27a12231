"""What a challenge refuses, each with its own error, and nothing written."""

import pytest

from apps.tournaments import rules
from apps.tournaments.errors import ChallengeExists, ChallengeInvalid, NotAllowed, WrongState
from apps.tournaments.models import Challenge
from apps.tournaments.services import challenges
from apps.wallet.audit import audit
from tests.tournaments.challenges_support import add_game_types, challenge, coins, escrow, player

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def game_types(db):
    add_game_types()


@pytest.fixture
def pair():
    return player(1000), player(1000)


def refused(error_type, call, **kwargs) -> tuple[str, str | None]:
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert caught.value.detail
    return caught.value.code, caught.value.field


def test_challenging_yourself(pair):
    ana, _ = pair
    assert refused(ChallengeInvalid, challenge, challenger=ana, opponent=ana) == (
        "cannot_challenge_yourself",
        "opponent",
    )
    assert (Challenge.objects.count(), coins(ana)) == (0, 1000)


def test_challenging_an_inactive_player(pair):
    ana, bo = pair
    bo.is_active = False
    bo.save()
    assert refused(ChallengeInvalid, challenge, challenger=ana, opponent=bo) == ("player_unavailable", "opponent")


def test_one_open_challenge_between_two_players_whoever_challenges(pair):
    ana, bo = pair
    first = challenge(ana, bo)
    assert refused(ChallengeExists, challenge, challenger=bo, opponent=ana)[0] == "challenge_exists"
    challenges.challenge_accept(challenge=first, player=bo)
    assert refused(ChallengeExists, challenge, challenger=ana, opponent=bo)[0] == "challenge_exists"
    assert (Challenge.objects.count(), coins(ana), coins(bo), escrow()) == (1, 900, 900, 200)


def test_a_new_challenge_once_the_last_was_answered(pair):
    ana, bo = pair
    challenges.challenge_decline(challenge=challenge(ana, bo), player=bo)
    assert challenge(bo, ana).status == "pending"


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"best_of": 2}, "best_of"),
        ({"best_of": 7}, "best_of"),
        ({"stake": -1}, "stake"),
        ({"stake": 1_000_001}, "stake"),
        ({"stake": True}, "stake"),
        ({"stake": "100"}, "stake"),
        ({"message": "x" * 201}, "message"),
        ({"game_type": "CHESS"}, "game_type"),
    ],
)
def test_terms_out_of_bounds(pair, terms, field):
    ana, bo = pair
    terms = {"game_type": "1V1", "best_of": 1, "stake": 10, "message": ""} | terms
    assert refused(ChallengeInvalid, challenges.challenge_create, challenger=ana, opponent=bo, **terms) == (
        "challenge_invalid",
        field,
    )
    assert (Challenge.objects.count(), coins(ana)) == (0, 1000)


def test_the_largest_stake_and_the_longest_message_are_taken():
    ana, bo = player(1_000_000), player()
    made = challenge(ana, bo, stake=1_000_000, message="x" * 200)
    assert (made.stake, len(made.message), coins(ana)) == (1_000_000, 200, 0)


def test_accepting_your_own_challenge(pair):
    ana, bo = pair
    made = challenge(ana, bo)
    assert refused(NotAllowed, challenges.challenge_accept, challenge=made, player=ana) == ("own_challenge", None)
    assert refused(NotAllowed, challenges.challenge_decline, challenge=made, player=ana) == ("own_challenge", None)
    made.refresh_from_db()
    assert (made.status, coins(ana), escrow()) == ("pending", 900, 100)


def test_only_the_opponent_answers_and_only_the_challenger_cancels(pair):
    ana, bo = pair
    made = challenge(ana, bo)
    stranger = player()
    for answer in (challenges.challenge_accept, challenges.challenge_decline, challenges.challenge_cancel):
        assert refused(NotAllowed, answer, challenge=made, player=stranger)[0] == "not_allowed"
    assert refused(NotAllowed, challenges.challenge_cancel, challenge=made, player=bo)[0] == "not_allowed"
    assert Challenge.objects.get().status == "pending"


def test_accepting_twice(pair):
    ana, bo = pair
    made = challenge(ana, bo)
    challenges.challenge_accept(challenge=made, player=bo)
    for answer in (challenges.challenge_accept, challenges.challenge_decline):
        assert refused(WrongState, answer, challenge=made, player=bo)[0] == "wrong_state"
    assert refused(WrongState, challenges.challenge_cancel, challenge=made, player=ana)[0] == "wrong_state"
    assert (coins(bo), escrow(), Challenge.objects.get().match.code) == (900, 200, f"C{made.pk}")
    assert audit() == []


def test_sponsoring_takes_a_third_person_a_stake_and_an_open_challenge(pair):
    ana, bo = pair
    fan = player(1000)
    made = challenge(ana, bo)
    sponsor = challenges.challenge_sponsor
    assert refused(NotAllowed, sponsor, challenge=made, sponsor=bo, side="opponent")[0] == "sponsor_is_player"
    assert refused(WrongState, sponsor, challenge=made, sponsor=fan, side="challenger")[0] == "stake_paid"
    assert refused(ChallengeInvalid, sponsor, challenge=made, sponsor=fan, side="referee")[1] == "side"
    challenges.challenge_sponsor(challenge=made, sponsor=fan, side="opponent")
    assert refused(WrongState, sponsor, challenge=made, sponsor=player(1000), side="opponent")[0] == "stake_paid"
    friendly = challenge(ana, player(), stake=0)
    assert refused(ChallengeInvalid, sponsor, challenge=friendly, sponsor=fan, side="opponent")[0] == "no_stake"
    challenges.challenge_decline(challenge=made, player=bo)
    assert refused(WrongState, sponsor, challenge=made, sponsor=fan, side="opponent")[0] == "wrong_state"
    assert (coins(fan), escrow()) == (1000, 0)
    assert audit() == []


def test_the_rival_cannot_pay_the_stake_of_a_challenge_against_them(pair):
    ana, bo = pair
    assert refused(NotAllowed, challenge, challenger=ana, opponent=bo, sponsor=bo)[0] == "sponsor_is_player"
    assert (Challenge.objects.count(), coins(bo)) == (0, 1000)


def test_the_rules_say_why_without_the_service(pair):
    """The pages read the same rules to offer (or not) a button."""
    ana, bo = pair
    made = challenge(ana, bo)
    now = made.created_at
    assert rules.challenge_accept_problem(challenge=made, user=bo, now=now) is None
    assert rules.challenge_accept_problem(challenge=made, user=ana, now=now).code == "own_challenge"
    assert rules.challenge_accept_problem(challenge=made, user=bo, now=made.expires_at).code == "challenge_expired"
    assert rules.challenge_problem(challenger=ana, opponent=bo, now=now).code == "challenge_exists"
    assert rules.challenge_problem(challenger=ana, opponent=bo, now=made.expires_at) is None
