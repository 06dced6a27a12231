"""Challenge stakes, exactly: held on creation, sponsorship and acceptance; back to whoever paid on a
decline, a cancel or an expiry; the pot less the cut to the winner, once. The books after each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.tournaments.errors import ChallengeExpired, WrongState
from apps.tournaments.models import Challenge, ChallengeStatus, MatchEvent, MatchStatus
from apps.tournaments.services import challenges, matches
from apps.wallet.audit import audit
from apps.wallet.errors import InsufficientCoins
from apps.wallet.models import Transfer
from tests.tournaments.challenges_support import (
    add_game_types,
    challenge,
    coins,
    decide,
    earnings,
    escrow,
    movements,
    player,
    revenue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def game_types(db):
    add_game_types()


def test_creating_holds_the_challengers_stake(settings):
    settings.CHALLENGE_EXPIRY_HOURS = 24
    ana, bo = player(1000), player()
    before = timezone.now()
    made = challenge(ana, bo, stake=100, best_of=3, message="  You and me, Saturday.  ")
    assert (coins(ana), escrow()) == (900, 100)
    assert (made.status, made.stake, made.best_of, made.message) == ("pending", 100, 3, "You and me, Saturday.")
    assert (made.challenger_stake_by, made.opponent_stake_by, made.platform_cut_percent) == (ana, None, 10)
    assert before + timedelta(hours=24) <= made.expires_at <= timezone.now() + timedelta(hours=24)
    assert movements(made) == [("escrow", 100)]
    assert audit() == []


def test_a_friendly_moves_no_coins_and_still_makes_a_match():
    ana, bo = player(), player()
    made = challenge(ana, bo, stake=0)
    accepted = challenges.challenge_accept(challenge=made, player=bo)
    assert (accepted.status, accepted.match.status) == ("accepted", "ready")
    assert (accepted.challenger_stake_by, accepted.opponent_stake_by) == (ana, bo)
    assert not Transfer.objects.filter(reference=f"challenge:{made.pk}").exists()
    decide(accepted.match, bo)
    assert (Challenge.objects.get().status, earnings(bo), revenue()) == ("completed", 0, 0)
    assert audit() == []


def test_a_friend_pays_the_challengers_stake():
    ana, bo, friend = player(), player(), player(500)
    made = challenge(ana, bo, stake=100, sponsor=friend)
    assert (coins(friend), coins(ana), escrow(), made.challenger_stake_by) == (400, 0, 100, friend)
    challenges.challenge_cancel(challenge=made, player=ana)
    assert (coins(friend), coins(ana), escrow()) == (500, 0, 0)
    assert audit() == []


def test_accepting_holds_the_opponents_stake_and_readies_the_match():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100, best_of=3)
    accepted = challenges.challenge_accept(challenge=made, player=bo)
    assert (coins(ana), coins(bo), escrow()) == (900, 900, 200)
    assert (accepted.status, accepted.opponent_stake_by, accepted.answered_at is not None) == ("accepted", bo, True)
    match = accepted.match
    assert (match.tournament, match.code, match.bracket, match.round, match.number, match.round_name) == (
        None,
        f"C{made.pk}",
        "challenge",
        1,
        1,
        "Challenge",
    )
    assert (match.best_of, match.player1, match.player2, match.status) == (3, ana, bo, MatchStatus.READY)
    assert list(MatchEvent.objects.filter(match=match).values_list("kind", flat=True)) == ["ready"]
    assert movements(made) == [("escrow", 100), ("escrow", 100)]
    assert audit() == []


def test_a_sponsored_opponent_accepts_without_paying():
    ana, bo, fan = player(1000), player(), player(300)
    made = challenge(ana, bo, stake=100)
    sponsored = challenges.challenge_sponsor(challenge=made, sponsor=fan, side="opponent")
    assert (sponsored.opponent_stake_by, coins(fan), escrow()) == (fan, 200, 200)
    challenges.challenge_accept(challenge=made, player=bo)
    assert (coins(bo), coins(fan), escrow()) == (0, 200, 200)
    assert audit() == []


def test_declining_refunds_every_stake_to_whoever_paid_it():
    ana, bo, fan = player(1000), player(1000), player(300)
    made = challenge(ana, bo, stake=100)
    challenges.challenge_sponsor(challenge=made, sponsor=fan, side="opponent")
    declined = challenges.challenge_decline(challenge=made, player=bo)
    assert declined.status == "declined"
    assert (coins(ana), coins(bo), coins(fan), escrow()) == (1000, 1000, 300, 0)
    assert movements(made) == [("escrow", 100), ("escrow", 100), ("refund", 100), ("refund", 100)]
    assert audit() == []


def test_the_challenger_cancels_while_it_waits():
    ana, bo = player(1000), player()
    made = challenge(ana, bo, stake=250)
    assert challenges.challenge_cancel(challenge=made, player=ana).status == "cancelled"
    assert (coins(ana), escrow()) == (1000, 0)
    assert audit() == []


def test_the_sweep_expires_and_refunds_only_what_is_due():
    ana, bo, cy = player(1000), player(), player()
    due = challenge(ana, bo, stake=100)
    later = challenge(ana, cy, stake=50, now=due.created_at + timedelta(hours=1))
    assert challenges.challenges_expire(now=due.expires_at) == 1
    assert challenges.challenges_expire(now=due.expires_at) == 0
    due.refresh_from_db(), later.refresh_from_db()
    assert (due.status, later.status) == ("expired", "pending")
    assert (coins(ana), escrow()) == (950, 50)
    assert audit() == []


def test_the_beat_task_runs_the_sweep(settings):
    from apps.tournaments.tasks import expire_challenges_task

    ana, bo = player(1000), player()
    challenge(ana, bo, stake=100, now=timezone.now() - timedelta(hours=25))
    assert expire_challenges_task.delay().get() == 1
    assert settings.CELERY_BEAT_SCHEDULE["tournaments-expire-challenges"]["task"] == "tournaments.expire_challenges"
    assert (coins(ana), Challenge.objects.get().status) == (1000, "expired")


@pytest.mark.parametrize(("stake", "cut_percent", "cut", "prize"), [(100, 10, 20, 180), (7, 10, 1, 13), (3, 15, 0, 6)])
def test_the_winner_takes_the_pot_less_the_cut_rounded_down(settings, stake, cut_percent, cut, prize):
    """Both stakes make the pot; the platform's cut is rounded down, so the winner gets the odd coin."""
    settings.CHALLENGE_PLATFORM_CUT_PERCENT = cut_percent
    ana, bo = player(1000), player(1000)
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=stake), player=bo)
    decide(accepted.match, ana)
    assert Challenge.objects.get().status == "completed"
    assert (coins(ana), coins(bo), earnings(ana), earnings(bo)) == (1000 - stake, 1000 - stake, prize, 0)
    assert (revenue(), escrow()) == (cut, 0)
    assert audit() == []


def test_a_completed_challenge_pays_once():
    ana, bo = player(1000), player(1000)
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=100), player=bo)
    decide(accepted.match, bo)
    challenges.challenge_match_completed(match=accepted.match)
    assert (earnings(bo), revenue(), escrow()) == (180, 20, 0)
    assert [kind for kind, _ in movements(accepted)] == ["escrow", "escrow", "platform_cut", "prize"]
    assert audit() == []


# --- Refused, with nothing written -----------------------------------------------------------
def test_a_stake_the_challenger_cannot_afford_writes_nothing():
    ana, bo = player(99), player()
    with pytest.raises(InsufficientCoins):
        challenge(ana, bo, stake=100)
    assert (Challenge.objects.count(), coins(ana), escrow()) == (0, 99, 0)
    assert audit() == []


def test_a_stake_the_opponent_cannot_afford_leaves_the_challenge_waiting():
    ana, bo = player(1000), player(99)
    made = challenge(ana, bo, stake=100)
    with pytest.raises(InsufficientCoins):
        challenges.challenge_accept(challenge=made, player=bo)
    made.refresh_from_db()
    assert (made.status, made.match, made.opponent_stake_by) == ("pending", None, None)
    assert (coins(bo), escrow()) == (99, 100)
    assert audit() == []


def test_a_sponsor_who_cannot_afford_it_writes_nothing():
    ana, bo, fan = player(1000), player(), player(10)
    made = challenge(ana, bo, stake=100)
    with pytest.raises(InsufficientCoins):
        challenges.challenge_sponsor(challenge=made, sponsor=fan, side="opponent")
    made.refresh_from_db()
    assert (made.opponent_stake_by, coins(fan), escrow()) == (None, 10, 100)
    assert audit() == []


def test_accepting_too_late_expires_it_on_the_spot_with_the_refund():
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100)
    with pytest.raises(ChallengeExpired) as refused:
        challenges.challenge_accept(challenge=made, player=bo, now=made.expires_at)
    assert refused.value.code == "challenge_expired"
    made.refresh_from_db()
    assert (made.status, made.match) == ("expired", None)
    assert (coins(ana), coins(bo), escrow()) == (1000, 1000, 0)
    assert audit() == []


def test_an_expired_challenge_between_the_two_does_not_block_a_new_one():
    ana, bo = player(1000), player()
    old = challenge(ana, bo, stake=100)
    new = challenge(bo, ana, stake=0, now=old.expires_at)
    old.refresh_from_db()
    assert (old.status, new.status, coins(ana), escrow()) == ("expired", "pending", 1000, 0)
    assert audit() == []


def test_a_match_not_yet_decided_pays_nothing():
    ana, bo = player(1000), player(1000)
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=100), player=bo)
    with pytest.raises(WrongState):
        challenges.challenge_match_completed(match=accepted.match)
    assert (escrow(), Challenge.objects.get().status) == (200, ChallengeStatus.ACCEPTED)
    assert audit() == []


def test_a_correction_of_the_games_keeps_the_pot_where_it_was_paid():
    ana, bo = player(1000), player(1000)
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=100, best_of=3), player=bo)
    decide(accepted.match, ana)
    moderator = player(is_staff=True)
    matches.match_settle(match=accepted.match, by=moderator, winner_id=ana.pk, games=[[11, 2], [11, 3]], reason="Typo")
    assert (earnings(ana), earnings(bo), revenue(), escrow()) == (180, 0, 20, 0)
    assert audit() == []


def test_a_correction_that_changes_who_won_a_paid_pot_is_refused_and_rolled_back():
    ana, bo = player(1000), player(1000)
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=100), player=bo)
    decide(accepted.match, ana)
    moderator = player(is_staff=True)
    with pytest.raises(WrongState) as refused:
        matches.match_settle(match=accepted.match, by=moderator, winner_id=bo.pk, games=[[2, 11]], reason="Video")
    assert "can no longer change who won" in refused.value.detail
    accepted.match.refresh_from_db()
    assert (accepted.match.winner, accepted.match.decision) == (ana, "agreed")
    assert (earnings(ana), earnings(bo), escrow()) == (180, 0, 0)
    assert audit() == []


def test_a_friendlys_result_may_be_corrected_either_way():
    ana, bo = player(), player()
    accepted = challenges.challenge_accept(challenge=challenge(ana, bo, stake=0), player=bo)
    decide(accepted.match, ana)
    matches.match_settle(
        match=accepted.match, by=player(is_staff=True), winner_id=bo.pk, games=[[2, 11]], reason="Video"
    )
    accepted.match.refresh_from_db()
    assert (accepted.match.winner, Challenge.objects.get().status) == (bo, "completed")
