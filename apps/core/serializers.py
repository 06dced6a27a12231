"""Input serializers that take the schema at its word. DRF reads `"1"` or `"on"` as true, `5` as the
string "5", `"300"` as the number 300 and an empty form value as null; the API's schema promises none
of that. A JSON body must send the types the schema names; a form (every value text) must spell
booleans `true`/`false` and date-times in RFC 3339. Every API input serializer mixes this in
(tests/core/test_bounds.py holds them to it)."""

import re
from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.utils import html

# RFC 3339 date-time, the schema's `format: date-time`.
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
FORM_BOOLEANS = {"true", "false"}


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why `value`, parsed from JSON, is not of the type `field` documents; None when it is."""
    if value is None:
        return None  # allow_null decides
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.IntegerField):
        return None if type(value) is int else "Must be a whole number."
    if isinstance(field, serializers.ChoiceField):
        return None if type(value) in {type(choice) for choice in field.choices} else "Must be a listed value."
    if isinstance(field, serializers.CharField | serializers.DateTimeField) and not isinstance(value, str):
        return "Must be a string."
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return "Must be a list."
        return next(filter(None, (json_type_error(field.child, item) for item in value)), None)
    return text_error(field, value)


def text_error(field: serializers.Field, value: str) -> str | None:
    """Why a text value (a form's, or a JSON string) does not spell what `field` documents."""
    if value == "" and not getattr(field, "allow_blank", False):
        return "May not be blank."  # DRF would skip it in a partial update, or read it as null
    if isinstance(field, serializers.BooleanField) and str(value).lower() not in FORM_BOOLEANS:
        return "Must be true or false."
    if isinstance(field, serializers.DateTimeField) and not DATE_TIME.match(str(value)):
        return "Must be an RFC 3339 date-time, e.g. 2030-01-31T18:00:00Z."
    return None


class StrictInputMixin:
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            check = text_error if html.is_html_input(data) else json_type_error
            errors = {
                name: [error]
                for name, field in self.fields.items()
                if not field.read_only and name in data and (error := check(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class InputSerializer(StrictInputMixin, serializers.Serializer):
    """The base of every API input serializer."""
