"""How a service sets a model's fields from what a client sent: only the fields it allows, each error
the one application error type (apps.core.exceptions), on the field it is about."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from apps.core.exceptions import ApplicationError


def model_update(
    instance: models.Model, data: Mapping, *, fields: Iterable[str], error: type[ApplicationError]
) -> set[str]:
    """Set `data` on `instance` (unsaved); a field outside `fields` is refused with `error`, and
    nothing is set. Returns the names whose value changed."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise error(f"{unknown[0]!r} cannot be set here.", field=unknown[0])
    changed = set()
    for name, value in data.items():
        if getattr(instance, name) != value:
            changed.add(name)
        setattr(instance, name, value)
    return changed


def full_clean(instance: models.Model, *, error: type[ApplicationError], exclude: Iterable[str] = ()) -> None:
    """The model's own validation (its fields' validators, choices and lengths), raising `error` with
    the first message, on its field."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise error(messages[0], field=None if field == NON_FIELD_ERRORS else field) from None
