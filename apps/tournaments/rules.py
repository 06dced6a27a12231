"""Who may do what in a tournament or a challenge: read by the services (which refuse), the pages (which
hide, and say why) and the API. Each `*_problem` returns the error the service raises, or None."""

from apps.accounts.models import User
from apps.accounts.selectors import MINIMAL_FIELDS, profile_visible_fields
from apps.accounts.tiers import TIERS, TierSpec
from apps.core.exceptions import ApplicationError
from apps.restrictions.rules import is_platform_moderator
from apps.streaming.models import OPEN_STATUSES as OPEN_STREAM_STATUSES
from apps.tournaments.errors import (
    ChallengeExists,
    ChallengeExpired,
    ChallengeInvalid,
    CheckInClosed,
    NotAllowed,
    NotEntered,
    RatingHidden,
    RegistrationClosed,
    TournamentInvalid,
    VerifiedOnly,
    WithdrawalClosed,
    WrongState,
)
from apps.tournaments.models import (
    Challenge,
    ChallengeStatus,
    Entry,
    EntryStatus,
    MatchStatus,
    Tournament,
    TournamentStatus,
)
from apps.tournaments.selectors.challenges import open_challenge_between

REASON_MAX_LENGTH = 300


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def runs(tournament: Tournament | None, user) -> bool:
    """The organizer, staff, or a moderator (a platform moderator, or whoever may change matches in
    the admin; either may settle any match): the people who run a tournament. A challenge (no
    tournament) is settled by staff and moderators only."""
    if not is_signed_in(user):
        return False
    if user.is_staff or is_platform_moderator(user) or user.has_perm("tournaments.change_match"):
        return True
    return tournament is not None and tournament.organizer_id == user.pk


# --- Matches -------------------------------------------------------------------------------------
def _play_problem(match) -> ApplicationError | None:
    """Why nothing can be played in this match now (the tournament paused, the challenge not accepted)."""
    if match.tournament_id is None:
        if match.challenge.status != ChallengeStatus.ACCEPTED:
            return WrongState("This challenge is not being played.")
    elif match.tournament.status == TournamentStatus.PAUSED:
        return WrongState("The tournament is paused: reports wait until the organizer resumes it.")
    elif match.tournament.status != TournamentStatus.LIVE:
        return WrongState("The tournament is not being played.")
    return None


def report_problem(match, user) -> ApplicationError | None:
    if match.status == MatchStatus.WAITING:
        return WrongState("This match is not ready: both players are not known yet.")
    if not is_signed_in(user) or user.pk not in match.players:
        return NotAllowed("Only the match's two players report its score.")
    if problem := _play_problem(match):
        return problem
    if match.status in (MatchStatus.DONE, MatchStatus.VOID):
        return WrongState("This match is over; ask the organizer if its result is wrong.")
    if match.status == MatchStatus.DISPUTED:
        return WrongState("The reports differ: the organizer is settling this match.")
    return None


def _reason_problem(reason: str) -> ApplicationError | None:
    if not (reason or "").strip():
        return TournamentInvalid("Say why: the reason stays in the match's history.", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        return TournamentInvalid(f"The reason is at most {REASON_MAX_LENGTH} characters.", field="reason")
    return None


def _decide_problem(match, user, *, player_id, reason: str, field: str) -> ApplicationError | None:
    if problem := _ruling_problem(match, user):
        return problem
    if player_id not in match.players or player_id is None:
        return TournamentInvalid("That player is not in this match.", field=field)
    return _reason_problem(reason)


def _ruling_problem(match, user) -> ApplicationError | None:
    """Why `user` may not decide this match at all, whoever wins and whatever the reason."""
    if not runs(match.tournament, user):
        return NotAllowed("Only the organizer or a moderator decides a match.")
    if match.tournament_id is not None and match.tournament.status not in (
        TournamentStatus.LIVE,
        TournamentStatus.PAUSED,
    ):
        return WrongState("The tournament is not being played.")
    if match.status in (MatchStatus.WAITING, MatchStatus.VOID):
        return WrongState("This match has no two players yet.")
    return None


def settle_problem(match, user, *, winner_id, reason: str) -> ApplicationError | None:
    return _decide_problem(match, user, player_id=winner_id, reason=reason, field="winner_id")


def forfeit_problem(match, user, *, player_id, reason: str) -> ApplicationError | None:
    if problem := forfeit_offer_problem(match, user):
        return problem
    return _decide_problem(match, user, player_id=player_id, reason=reason, field="player_id")


def forfeit_offer_problem(match, user) -> ApplicationError | None:
    """Why `user` may not record a forfeit in this match (the match page offers the form when None)."""
    if problem := _ruling_problem(match, user):
        return problem
    if match.status == MatchStatus.DONE:
        return WrongState("This match is decided; correct its result instead.")
    return None


def disqualify_problem(tournament, user, *, entry, reason: str) -> ApplicationError | None:
    if not runs(tournament, user):
        return NotAllowed("Only the organizer or a moderator disqualifies a player.")
    if tournament.status not in (TournamentStatus.LIVE, TournamentStatus.PAUSED):
        return WrongState("Players are disqualified while the tournament is being played.")
    if entry is None:
        return TournamentInvalid("That player is not playing in this tournament.", field="player_id")
    if entry.disqualified:
        return WrongState("That player is already disqualified.")
    return _reason_problem(reason)


def attach_stream_problem(match, user, *, stream) -> ApplicationError | None:
    if not is_signed_in(user) or user.pk not in match.players:
        return NotAllowed("Only the match's players attach their stream.")
    if stream.creator_id != user.pk:
        return NotAllowed("Attach your own stream.")
    if stream.status not in OPEN_STREAM_STATUSES:
        return WrongState("That stream has ended.")
    if match.status in (MatchStatus.DONE, MatchStatus.VOID):
        return WrongState("This match is over.")
    return None


# --- Ratings -------------------------------------------------------------------------------------
def rating_hidden_problem(*, user: User, viewer) -> RatingHidden | None:
    """A player's ratings and record show where their profile does (`user` with its profile loaded)."""
    if profile_visible_fields(profile=user.profile, viewer=viewer) == MINIMAL_FIELDS:
        return RatingHidden("This athlete's profile is private.")
    return None


# --- entries -------------------------------------------------------------------------------------------
def tier_grants(spec: TierSpec, benefit: str) -> bool:
    """A tier's benefits build on those of the verified tiers below it (Celebrity creates tournaments
    as Elite does, though only Elite's data names the benefit)."""
    return any(benefit in lower.benefits for lower in TIERS.values() if lower.rank <= spec.rank)


def creation_problem(*, user) -> ApplicationError | None:
    """Why `user` may not create a tournament (None if they may): staff, and tiers with `tournament_creation`."""
    if user.is_staff or tier_grants(user.profile.tier, "tournament_creation"):
        return None
    return NotAllowed("Creating tournaments needs Elite verification (or staff).")


def organizer_problem(*, tournament: Tournament, user) -> ApplicationError | None:
    """Starting, pausing, cancelling and finalizing are the organizer's (and staff's)."""
    if user.is_staff or user.pk == tournament.organizer_id:
        return None
    return NotAllowed("Only the organizer can do this.")


def registration_problem(*, tournament: Tournament, player, now) -> ApplicationError | None:
    """Why `player` cannot enter now (being entered already is the service's check, under its lock)."""
    if tournament.status != TournamentStatus.REGISTRATION or now >= tournament.start_at:
        return RegistrationClosed("Registration is closed: the tournament has started or ended.")
    if tournament.verified_only and not player.profile.tier.is_verified:
        return VerifiedOnly("This tournament is for verified players only.")
    return None


def withdrawal_problem(*, tournament: Tournament, entry: Entry | None, now) -> ApplicationError | None:
    if entry is None or entry.status not in (EntryStatus.REGISTERED, EntryStatus.WAITING):
        return NotEntered("You are not registered in this tournament.")
    if tournament.status != TournamentStatus.REGISTRATION or now >= tournament.start_at:
        return WithdrawalClosed("The tournament has started: withdrawing is no longer possible.")
    return None


def check_in_problem(*, tournament: Tournament, entry: Entry | None, now) -> ApplicationError | None:
    if entry is None or entry.status != EntryStatus.REGISTERED:
        return NotEntered("Only registered players check in (not those on the waiting list).")
    if not tournament.check_in_minutes:
        return CheckInClosed("This tournament has no check-in.")
    if tournament.status != TournamentStatus.REGISTRATION or not (
        tournament.check_in_opens_at <= now < tournament.start_at
    ):
        minutes = tournament.check_in_minutes
        return CheckInClosed(f"Check-in opens {minutes} minutes before the start and closes at the start.")
    return None


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
        return challenge_exists(opponent)
    return None


def challenge_exists(opponent) -> ChallengeExists:
    return ChallengeExists(f"You and {opponent.public_name} have a challenge open already.")


def challenge_sponsor_at_creation_problem(*, sponsor, challenger, opponent) -> ApplicationError | None:
    """Paying a friend's stake to challenge a rival: a friend who can play, and anyone but the rival paying."""
    if sponsor.pk == opponent.pk:
        return NotAllowed("You cannot pay the stake of a challenge against you.", code="sponsor_is_player")
    if not challenger.is_active:
        return ChallengeInvalid("This player cannot challenge anyone.", code="player_unavailable", field="on_behalf_of")
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
