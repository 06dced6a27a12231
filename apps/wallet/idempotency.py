"""`Idempotency-Key` for API requests that move money.

The first successful answer to a key is stored in the same transaction as the money it
moved; a replay with the same key and body gets that answer again, a replay with another
body gets 409. Failed requests write nothing, so they may be retried with the same key.
A handler whose service replays the key itself (a gift) commits on its own and its answer is
stored just after: the money is never moved twice either way, and the gift's transaction holds
the rows every gift shares for its own statements only, not while the answer is built.
"""

import contextlib
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from rest_framework.response import Response

from apps.core.exceptions import ApplicationError
from apps.wallet.errors import IdempotencyConflict
from apps.wallet.models import IdempotentResponse

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_\-.:]{8,120}$")


class InvalidIdempotencyKey(ApplicationError):
    code = "invalid_idempotency_key"


class _LostRace(Exception):
    """Another request with the same key committed first; ours must roll back."""


def _fingerprint(request, endpoint: str) -> str:
    # A form's fields, or whatever JSON was sent (not always an object: the serializer refuses the rest).
    data = dict(request.data.lists()) if hasattr(request.data, "lists") else request.data
    body = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(f"{endpoint}\n{body}".encode()).hexdigest()


def _replay(stored: IdempotentResponse, fingerprint: str) -> Response:
    if stored.request_hash != fingerprint:
        raise IdempotencyConflict("This Idempotency-Key was already used with a different request.")
    response = Response(stored.body, status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent_call(request, *, endpoint: str, handler, replays_itself: bool = False) -> Response:
    """Run `handler()` (which moves money and returns a Response) at most once per key.
    `replays_itself`: the handler passes the key to a service that moves the money at most once
    per key on its own, so the handler needs no transaction around it."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return handler()
    if not KEY_PATTERN.match(key):
        raise InvalidIdempotencyKey("Idempotency-Key must be 8 to 120 letters, digits or - _ . : (a UUID is ideal).")
    fingerprint = _fingerprint(request, endpoint)
    stored = IdempotentResponse.objects.filter(user=request.user, key=key).first()
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with contextlib.nullcontext() if replays_itself else transaction.atomic():
            response = handler()
            try:
                with transaction.atomic():
                    IdempotentResponse.objects.create(
                        user=request.user,
                        key=key,
                        endpoint=endpoint,
                        request_hash=fingerprint,
                        status_code=response.status_code,
                        body=response.data,
                    )
            except IntegrityError:
                raise _LostRace from None
    except _LostRace:
        return _replay(IdempotentResponse.objects.get(user=request.user, key=key), fingerprint)
    return response
