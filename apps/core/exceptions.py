"""The one application error type. Each domain subclasses it with a stable `code`;
the API renders it as `{"code", "detail"}` and HTML views show it as a form error."""

import math


class ApplicationError(Exception):
    code = "error"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        # The input field the error belongs to, so forms can attach it where it belongs.
        self.field = field

    def extra(self) -> dict:
        """Fields an error of this kind adds to its `{code, detail}` in API answers and `MY` frames
        (a timeout's end and reason); plain values only."""
        return {}


class InvalidInput(ApplicationError):
    """Input a model's own validation refused: the API answers it as it answers input its
    serializers refuse (code `invalid`, `detail` led by the field's name)."""

    code = "invalid"


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403


class Conflict(ApplicationError):
    code = "conflict"
    status = 409


class Throttled(ApplicationError):
    """Too many attempts: the API answers 429 with `retry_after` and a Retry-After header."""

    code = "throttled"
    status = 429

    def __init__(self, detail: str, *, retry_after: float, **kwargs):
        super().__init__(detail, **kwargs)
        self.retry_after = max(1, math.ceil(retry_after))
