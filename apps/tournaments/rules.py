"""Who may do what in a tournament or a challenge: read by the services (which refuse), the pages (which
hide, and say why) and the API. Each `*_problem` returns the error the service raises, or None."""

from apps.core.exceptions import ApplicationError
from apps.streaming.models import OPEN_STATUSES as OPEN_STREAM_STATUSES
from apps.tournaments.errors import NotAllowed, TournamentInvalid, WrongState
from apps.tournaments.models import ChallengeStatus, MatchStatus, Tournament, TournamentStatus

REASON_MAX_LENGTH = 300


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def runs(tournament: Tournament | None, user) -> bool:
    """The organizer, staff, or a moderator (who may settle any match): the people who run a tournament.
    A challenge (no tournament) is settled by staff and moderators only."""
    if not is_signed_in(user):
        return False
    if user.is_staff or user.has_perm("tournaments.change_match"):
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
    if not runs(match.tournament, user):
        return NotAllowed("Only the organizer or a moderator decides a match.")
    if match.tournament_id is not None and match.tournament.status not in (
        TournamentStatus.LIVE,
        TournamentStatus.PAUSED,
    ):
        return WrongState("The tournament is not being played.")
    if match.status in (MatchStatus.WAITING, MatchStatus.VOID):
        return WrongState("This match has no two players yet.")
    if player_id not in match.players or player_id is None:
        return TournamentInvalid("That player is not in this match.", field=field)
    return _reason_problem(reason)


def settle_problem(match, user, *, winner_id, reason: str) -> ApplicationError | None:
    return _decide_problem(match, user, player_id=winner_id, reason=reason, field="winner_id")


def forfeit_problem(match, user, *, player_id, reason: str) -> ApplicationError | None:
    if problem := _decide_problem(match, user, player_id=player_id, reason=reason, field="player_id"):
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
