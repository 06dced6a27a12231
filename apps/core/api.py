"""One DRF exception handler: every API error is `{"code": ..., "detail": ...}` (plus
`errors`, field by field, when the input was invalid, and `retry_after` when throttled)."""

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.exceptions import ApplicationError, InvalidInput, Throttled

NON_FIELD = "non_field_errors"


def field_errors(errors, field: str = NON_FIELD) -> dict[str, list[str]]:
    """Errors nested as deep as the input was (a list's items, a nested object's fields) as one flat
    `{"field": ["message", ...]}`, the shape the schema documents: `teammates.0` is the first item
    of `teammates`."""
    flat: dict[str, list[str]] = {}

    def add(key, value) -> None:
        top = field == NON_FIELD
        name = NON_FIELD if top and key == "__all__" else (str(key) if top else f"{field}.{key}")
        for inner, messages in field_errors(value, name).items():
            flat.setdefault(inner, []).extend(messages)

    if isinstance(errors, dict):
        for key, value in errors.items():
            add(key, value)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, dict | list):
                add(index, value)  # the valid items of a list of objects have no errors: {}
            else:
                flat.setdefault(field, []).append(str(value))
    else:
        flat.setdefault(field, []).append(str(errors))
    return flat


def _validation_response(errors) -> Response:
    flat = field_errors(errors)
    field, messages = next(iter(flat.items()), (NON_FIELD, ["Invalid input."]))
    body = {"code": "invalid", "detail": messages[0] if field == NON_FIELD else f"{field}: {messages[0]}"}
    if isinstance(errors, dict):
        body["errors"] = flat
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    if isinstance(exc, Throttled):
        exc = exceptions.Throttled(wait=exc.retry_after, detail=exc.detail)
    if isinstance(exc, InvalidInput):
        return _validation_response({exc.field or NON_FIELD: [exc.detail]})
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "detail": exc.detail, **exc.extra()}
        if exc.field:
            body["errors"] = {exc.field: [exc.detail]}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return _validation_response(errors)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc.detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = {"code": code, "detail": str(exc.detail)}
        if isinstance(exc, exceptions.Throttled):
            seconds = math.ceil(exc.wait or 1)
            response.data["retry_after"] = seconds
            response.headers["Retry-After"] = str(seconds)
    return response
