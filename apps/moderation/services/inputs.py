"""What reports and appeals take from a user as text: trimmed, and no longer than its column."""

from apps.core.bounds import text_limit
from apps.core.exceptions import InvalidInput


def bounded_text(value: str, model, field_name: str, *, field: str | None = None) -> str:
    """`value` trimmed, or InvalidInput on `field` (the input's name; the column's by default) when
    it is longer than `model.field_name` holds."""
    value = (value or "").strip()
    if len(value) > (limit := text_limit(model, field_name)):
        raise InvalidInput(f"At most {limit} characters.", field=field or field_name)
    return value
