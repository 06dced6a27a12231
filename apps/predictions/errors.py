from apps.core.exceptions import ApplicationError, Conflict, NotFound


class ClaimNotReady(ApplicationError):
    """The next bonus is not claimable yet; `claim_at` (ms) says when it is."""

    code = "claim_not_ready"

    def __init__(self, detail: str, *, claim_at: int, **kwargs):
        super().__init__(detail, **kwargs)
        self.claim_at = claim_at

    def extra(self) -> dict:
        return {"claim_at": self.claim_at}


class PointsUnavailable(ApplicationError):
    """Points are earned and claimed only signed in, on a live stream of the channel."""

    code = "points_unavailable"


class PredictionInvalid(ApplicationError):
    code = "prediction_invalid"


class PredictionExists(Conflict):
    code = "prediction_exists"


class PredictionNotFound(NotFound):
    code = "prediction_not_found"


class PredictionClosed(Conflict):
    """The prediction no longer takes stakes (locked or settled), or is settled already."""

    code = "prediction_closed"


class StakeInvalid(ApplicationError):
    code = "stake_invalid"


class OutcomeInvalid(ApplicationError):
    code = "outcome_invalid"
