"""Who may do what in tournaments and challenges, and if not, why: one error per refusal, which the
service raises, the page shows and the API answers."""

from apps.core.exceptions import ApplicationError
from apps.tournaments.errors import ChallengeExists, ChallengeExpired, ChallengeInvalid, NotAllowed, WrongState
from apps.tournaments.models import Challenge, ChallengeStatus
from apps.tournaments.selectors.challenges import open_challenge_between

# --- Challenges ------------------------------------------------------------------------------
# The two sides of a challenge whose stake a sponsor may pay, as the API names them.
CHALLENGE_SIDES = ("challenger", "opponent")


def challenge_problem(*, challenger, opponent, now) -> ApplicationError | None:
    """Why `challenger` may not challenge `opponent` now (the profile's button reads it too), or None."""
    if opponent.pk == challenger.pk:
        return ChallengeInvalid("You cannot challenge yourself.", code="cannot_challenge_yourself", field="opponent")
    if not opponent.is_active:
        return ChallengeInvalid("This player cannot be challenged.", code="player_unavailable", field="opponent")
    if open_challenge_between(challenger, opponent, now=now) is not None:
        return ChallengeExists(f"You and {opponent.public_name} have a challenge open already.")
    return None


def challenge_sponsor_at_creation_problem(*, sponsor, opponent) -> ApplicationError | None:
    """Paying a friend's stake to challenge a rival: anyone but the rival."""
    if sponsor.pk == opponent.pk:
        return NotAllowed("You cannot pay the stake of a challenge against you.", code="sponsor_is_player")
    return None


def _open_problem(challenge: Challenge, now) -> ApplicationError | None:
    """Why the challenge no longer takes an answer or a sponsor, or None while it waits for one."""
    expired = challenge.status == ChallengeStatus.PENDING and now >= challenge.expires_at
    if expired or challenge.status == ChallengeStatus.EXPIRED:
        return ChallengeExpired("This challenge expired without an answer; the stakes went back to who paid them.")
    if challenge.status != ChallengeStatus.PENDING:
        return WrongState(f"This challenge is no longer waiting for an answer: it was {challenge.status}.")
    return None


def challenge_accept_problem(*, challenge: Challenge, user, now) -> ApplicationError | None:
    if user.pk == challenge.challenger_id:
        return NotAllowed("You cannot accept your own challenge.", code="own_challenge")
    if user.pk != challenge.opponent_id:
        return NotAllowed("Only the player challenged can accept this challenge.")
    return _open_problem(challenge, now)


def challenge_decline_problem(*, challenge: Challenge, user, now) -> ApplicationError | None:
    if user.pk == challenge.challenger_id:
        return NotAllowed("You cannot decline your own challenge; cancel it instead.", code="own_challenge")
    if user.pk != challenge.opponent_id:
        return NotAllowed("Only the player challenged can decline this challenge.")
    return _open_problem(challenge, now)


def challenge_cancel_problem(*, challenge: Challenge, user, now) -> ApplicationError | None:
    if user.pk != challenge.challenger_id:
        return NotAllowed("Only the challenger can cancel a challenge.")
    return _open_problem(challenge, now)


def challenge_sponsor_problem(*, challenge: Challenge, user, side: str, now) -> ApplicationError | None:
    """A third person (`user`) pays one side's stake while the challenge waits for its answer."""
    if side not in CHALLENGE_SIDES:
        return ChallengeInvalid("Sponsor the challenger or the opponent.", field="side")
    if user.pk in (challenge.challenger_id, challenge.opponent_id):
        return NotAllowed("Players pay their own stakes; a sponsor is a third person.", code="sponsor_is_player")
    if not challenge.stake:
        return ChallengeInvalid("This is a friendly challenge: there is no stake to pay.", code="no_stake")
    if problem := _open_problem(challenge, now):
        return problem
    if getattr(challenge, f"{side}_stake_by_id") is not None:
        return WrongState(f"The {side}'s stake is paid already.", code="stake_paid")
    return None
