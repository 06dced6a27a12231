from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class TournamentInvalid(ApplicationError):
    """The tournament's own settings are wrong: capacity, prize split, best-of, format options."""

    code = "tournament_invalid"


class TournamentNotFound(NotFound):
    code = "tournament_not_found"


class MatchNotFound(NotFound):
    code = "match_not_found"


class ChallengeNotFound(NotFound):
    code = "challenge_not_found"


class NotAllowed(PermissionDenied):
    """The user may not do this here (the rules say why): create without the tier, settle a match
    without running the tournament."""

    code = "not_allowed"


class WrongState(Conflict):
    """The tournament, entry, match or challenge is not in a state that allows this (registration
    closed, match over)."""

    code = "wrong_state"


# --- Ratings -------------------------------------------------------------------------------------
class GameTypeNotFound(NotFound):
    code = "game_type_not_found"


class RatingHidden(PermissionDenied):
    """The player's profile (and with it their rating) is not shown to this viewer."""

    code = "profile_private"


# --- entries: registration, the waiting list, check-in, sponsorship, start, finalize -------------------
class AlreadyEntered(Conflict):
    """The player is registered, or waiting, in this tournament already."""

    code = "already_registered"


class RegistrationClosed(WrongState):
    code = "registration_closed"


class VerifiedOnly(PermissionDenied):
    """A verified-only tournament, and the player is not verified."""

    code = "verified_only"


class NotEntered(Conflict):
    """Withdrawing or checking in without being registered."""

    code = "not_registered"


class WithdrawalClosed(WrongState):
    code = "withdrawal_closed"


class CheckInClosed(WrongState):
    """Checking in outside the window (the check-in minutes before the start), or where there is no check-in."""

    code = "check_in_closed"


class TooFewPlayers(WrongState):
    code = "too_few_players"


class MatchesNotDone(WrongState):
    """Finalizing while some match is not decided."""

    code = "matches_not_done"


class SponsorshipInvalid(ApplicationError):
    code = "sponsorship_invalid"


class EntryInvalid(ApplicationError):
    """A registration naming a player who does not exist (a gifted entry's `on_behalf_of`)."""

    code = "entry_invalid"


# --- Challenges ------------------------------------------------------------------------------
class ChallengeInvalid(ApplicationError):
    """The challenge itself is wrong: game type, best-of, stake, message, opponent."""

    code = "challenge_invalid"


class ChallengeExists(Conflict):
    """These two players have a challenge open already (waiting for an answer, or accepted and not played)."""

    code = "challenge_exists"


class ChallengeExpired(WrongState):
    code = "challenge_expired"
