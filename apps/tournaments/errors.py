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
