"""Every write of 1v1 challenges: the challenge and its stakes, the answer, sponsors, expiry, and the
payout when its match completes.

A stake is held in escrow the moment it is paid (the challenger's at once, the opponent's on accepting,
either one earlier by a sponsor) and goes back to whoever paid it when the challenge ends unplayed.
Every coin moves through apps.wallet.services under the reference "challenge:<id>" with an
idempotency key per movement, so nothing is paid twice. The match itself (reports, disputes,
settling) is the matches service's: challenge_report hands it a player's report, and it calls
challenge_match_completed when the match is decided.

A challenge whose time ran out is expired by whatever touches it first: the beat task, or an answer
that came too late, which is refused after the expiry (and its refund) is committed.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.bounds import column_range, text_limit
from apps.tournaments import rules
from apps.tournaments.domain_events import CHALLENGE_RECEIVED
from apps.tournaments.errors import ChallengeInvalid, WrongState
from apps.tournaments.models import (
    BEST_OF_CHOICES,
    Bracket,
    Challenge,
    ChallengeStatus,
    GameType,
    Match,
    MatchEvent,
    MatchEventKind,
    MatchStatus,
)
from apps.tournaments.selectors.challenges import challenge_reference, prize_paid_to
from apps.tournaments.services import matches
from apps.wallet import services as wallet

STAKE_MIN, STAKE_MAX = column_range(Challenge, "stake")
MESSAGE_MAX_LENGTH = text_limit(Challenge, "message")


def _key(challenge: Challenge, movement: str) -> str:
    return f"challenge:{challenge.pk}:{movement}"


# --- Making a challenge ----------------------------------------------------------------------
def _game_type(code) -> GameType:
    game_type = GameType.objects.filter(code=code, active=True).first() if isinstance(code, str) else None
    if game_type is None:
        raise ChallengeInvalid("That game type is not offered.", field="game_type")
    return game_type


def _check_terms(*, best_of, stake, message) -> str:
    if best_of not in dict(BEST_OF_CHOICES):
        raise ChallengeInvalid("A challenge is best of 1, 3 or 5.", field="best_of")
    if isinstance(stake, bool) or not isinstance(stake, int) or not STAKE_MIN <= stake <= STAKE_MAX:
        raise ChallengeInvalid(f"The stake is 0 (a friendly) to {STAKE_MAX:,} coins.", field="stake")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ChallengeInvalid(f"The message is at most {MESSAGE_MAX_LENGTH} characters.", field="message")
    return message


def _hold(challenge: Challenge, *, side: str, payer) -> None:
    """`payer` pays `side`'s stake into escrow (a friendly's nothing), and is recorded as its payer."""
    if challenge.stake:
        wallet.escrow_hold(
            payer=payer,
            amount=challenge.stake,
            reference=challenge_reference(challenge),
            idempotency_key=_key(challenge, f"stake:{side}"),
            memo=f"Stake of the {side}",
        )
    setattr(challenge, f"{side}_stake_by", payer)
    challenge.save(update_fields=[f"{side}_stake_by"])


@transaction.atomic
def challenge_create(
    *, challenger, opponent, game_type, best_of: int, stake: int, message: str = "", sponsor=None, now=None
) -> Challenge:
    """`challenger` challenges `opponent` to a best-of in the game type (its code) for `stake` coins
    a side (0: a friendly, still rated). The challenger's stake is held at once, paid by `sponsor`
    when someone pays for a friend to challenge a rival. Raises InsufficientCoins, having written
    nothing, when the payer cannot afford it."""
    now = now or timezone.now()
    game_type = _game_type(game_type)
    message = _check_terms(best_of=best_of, stake=stake, message=message)
    pair = [challenger, opponent]
    _expire_due(Challenge.objects.filter(challenger__in=pair, opponent__in=pair), now)
    problem = rules.challenge_problem(challenger=challenger, opponent=opponent, now=now)
    if problem is None and sponsor is not None:
        problem = rules.challenge_sponsor_at_creation_problem(sponsor=sponsor, challenger=challenger, opponent=opponent)
    if problem:
        raise problem
    try:
        with transaction.atomic():
            challenge = Challenge.objects.create(
                challenger=challenger,
                opponent=opponent,
                game_type=game_type,
                best_of=best_of,
                stake=stake,
                message=message,
                platform_cut_percent=settings.CHALLENGE_PLATFORM_CUT_PERCENT,
                expires_at=now + timedelta(hours=settings.CHALLENGE_EXPIRY_HOURS),
            )
    except IntegrityError:  # the same two opened one at the same moment (one_open_challenge_per_pair)
        raise rules.challenge_exists(opponent) from None
    _hold(challenge, side="challenger", payer=sponsor or challenger)
    CHALLENGE_RECEIVED.publish(challenge_id=challenge.pk)
    return challenge


# --- Answers, sponsors, expiry ---------------------------------------------------------------
def _locked(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


def _refund_stakes(challenge: Challenge, *, initiated_by=None) -> None:
    """Each paid stake back to the wallet that paid it."""
    for side in rules.CHALLENGE_SIDES:
        payer = getattr(challenge, f"{side}_stake_by")
        if payer is not None and challenge.stake:
            wallet.escrow_refund(
                to=payer,
                amount=challenge.stake,
                reference=challenge_reference(challenge),
                idempotency_key=_key(challenge, f"refund:{side}"),
                initiated_by=initiated_by,
                memo=f"Stake of the {side} returned: challenge {challenge.status}",
            )


def _close(challenge: Challenge, *, status: str, now, by=None) -> None:
    """End a pending challenge unplayed, its stakes refunded."""
    challenge.status, challenge.answered_at = status, now
    challenge.save(update_fields=["status", "answered_at"])
    _refund_stakes(challenge, initiated_by=by)


def _expire_due(challenges, now) -> int:
    """Expire, each in its own transaction, the pending ones among `challenges` whose time ran out."""
    due = challenges.filter(status=ChallengeStatus.PENDING, expires_at__lte=now).values_list("pk", flat=True)
    expired = 0
    for challenge_id in list(due):
        with transaction.atomic():
            challenge = Challenge.objects.select_for_update().get(pk=challenge_id)
            if challenge.status == ChallengeStatus.PENDING and now >= challenge.expires_at:
                _close(challenge, status=ChallengeStatus.EXPIRED, now=now)
                expired += 1
    return expired


def challenges_expire(now=None) -> int:
    """Beat's sweep: every challenge left unanswered past its time is expired and refunded."""
    return _expire_due(Challenge.objects.all(), now or timezone.now())


def _act(challenge: Challenge, *, user, now, rule, action) -> Challenge:
    """Run `action` on the locked challenge if `rule` finds nothing against `user` doing it. A
    challenge whose time ran out is expired first, in a transaction of its own, so the refund stands
    while the late answer is refused."""
    _expire_due(Challenge.objects.filter(pk=challenge.pk), now)
    with transaction.atomic():
        challenge = _locked(challenge)
        if problem := rule(challenge=challenge, user=user, now=now):
            raise problem
        action(challenge)
    return challenge


def challenge_accept(*, challenge: Challenge, player, now=None) -> Challenge:
    """The opponent takes the challenge up: their stake is held (unless a sponsor paid it) and the
    match is ready to play."""
    now = now or timezone.now()

    def accept(challenge: Challenge) -> None:
        if challenge.opponent_stake_by_id is None:
            _hold(challenge, side="opponent", payer=player)
        challenge.match = Match.objects.create(
            code=f"C{challenge.pk}",
            bracket=Bracket.CHALLENGE,
            round=1,
            number=1,
            round_name="Challenge",
            best_of=challenge.best_of,
            player1_id=challenge.challenger_id,
            player2_id=challenge.opponent_id,
            status=MatchStatus.READY,
        )
        MatchEvent.objects.create(match=challenge.match, kind=MatchEventKind.READY, actor=player)
        challenge.status, challenge.answered_at = ChallengeStatus.ACCEPTED, now
        challenge.save(update_fields=["match", "status", "answered_at"])

    return _act(challenge, user=player, now=now, rule=rules.challenge_accept_problem, action=accept)


def challenge_decline(*, challenge: Challenge, player, now=None) -> Challenge:
    """The opponent says no: every stake paid goes back to whoever paid it."""
    now = now or timezone.now()
    decline = partial(_close, status=ChallengeStatus.DECLINED, now=now, by=player)
    return _act(challenge, user=player, now=now, rule=rules.challenge_decline_problem, action=decline)


def challenge_cancel(*, challenge: Challenge, player, now=None) -> Challenge:
    """The challenger calls it off before an answer: every stake paid goes back to whoever paid it."""
    now = now or timezone.now()
    cancel = partial(_close, status=ChallengeStatus.CANCELLED, now=now, by=player)
    return _act(challenge, user=player, now=now, rule=rules.challenge_cancel_problem, action=cancel)


def challenge_sponsor(*, challenge: Challenge, sponsor, side: str = "opponent", now=None) -> Challenge:
    """A third person pays one side's stake ("pay for a friend to challenge a rival"), while the
    challenge waits for its answer; the opponent then accepts without paying."""
    now = now or timezone.now()
    rule = partial(rules.challenge_sponsor_problem, side=side)
    return _act(challenge, user=sponsor, now=now, rule=rule, action=partial(_hold, side=side, payer=sponsor))


# What a signed-in user can do to a challenge, by the names the pages and the API use (the sponsor
# also names a side).
PLAYER_ACTIONS = {"accept": challenge_accept, "decline": challenge_decline, "cancel": challenge_cancel}


# --- The result ------------------------------------------------------------------------------
def challenge_report(*, challenge: Challenge, reporter, games: list, now=None) -> Challenge:
    """A player's account of the challenge's games, [my score, their score] each: reported, disputed
    and settled like any match, by the matches service, which calls challenge_match_completed."""
    if challenge.match_id is None:
        raise WrongState("This challenge has not been accepted: there is no match to report yet.")
    matches.match_report(match=challenge.match, reporter=reporter, games=games, now=now)
    return challenge


def challenge_settle(*, challenge: Challenge, by, winner_id: int, games: list, reason: str) -> Challenge:
    """A moderator (or staff) decides a disputed or overdue challenge, seeing both reports: the matches
    service's settlement, which pays the pot through challenge_match_completed."""
    if challenge.match_id is None:
        raise WrongState("This challenge has not been accepted: there is no match to settle.")
    matches.match_settle(match=challenge.match, by=by, winner_id=winner_id, games=games, reason=reason)
    return challenge


@transaction.atomic
def challenge_match_completed(*, match: Match) -> Challenge:
    """The matches service decided the challenge's match: the winner takes both stakes less the
    platform's cut (rounded down). Pays once: called again (a correction of the games), it moves
    nothing; a correction that would change who won a pot already paid is refused (the prize is in
    the winner's earnings, perhaps paid out), which rolls the correction back."""
    # The match as its row says now (the caller's copy may be older), and the challenge locked.
    challenge = Challenge.objects.select_for_update(of=("self",)).select_related("match__winner").get(match=match)
    match = challenge.match
    if challenge.status == ChallengeStatus.COMPLETED:
        paid_to = prize_paid_to(challenge)
        if paid_to is not None and paid_to != match.winner_id:
            raise WrongState("This challenge's pot is paid to its winner: its result can no longer change who won.")
        return challenge
    if challenge.status != ChallengeStatus.ACCEPTED or match.winner_id is None:
        raise WrongState("This challenge's match has not been decided.")
    pot = challenge.stake * 2
    cut = pot * challenge.platform_cut_percent // 100
    reference = challenge_reference(challenge)
    if cut:
        wallet.escrow_collect_cut(amount=cut, reference=reference, idempotency_key=_key(challenge, "cut"))
    if pot - cut:
        wallet.escrow_award(
            to=match.winner,
            amount=pot - cut,
            reference=reference,
            idempotency_key=_key(challenge, "prize"),
            memo="Challenge won",
        )
    challenge.status = ChallengeStatus.COMPLETED
    challenge.save(update_fields=["status"])
    return challenge
