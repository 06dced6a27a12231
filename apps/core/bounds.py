"""Every integer a client sends is bounded: by its column (as PostgreSQL declares it, whatever the
database in use: SQLite would store a bigger one and PostgreSQL refuse it with a 500) and by the
model's own validators. Serializers and forms take their integer fields from here, ids included, and
tests/core/test_bounds.py holds every API input and every form to it. Text is bounded the same way,
by its model field's length, which forms, serializers and services all read from here
(tests/core/test_limits.py)."""

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from rest_framework import serializers

# Every table's id is a BigAutoField (settings.DEFAULT_AUTO_FIELD); ids start at 1.
ID_MIN, ID_MAX = 1, BaseDatabaseOperations.integer_field_ranges["BigAutoField"][1]


def column_range(model, field_name: str) -> tuple[int, int]:
    """The values a model's integer field can hold: its column type's range, narrowed by its validators."""
    field = model._meta.get_field(field_name)
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return low, high


def _narrowed(model, field_name: str, kwargs: dict) -> dict:
    low, high = column_range(model, field_name)
    low, high = max(low, kwargs.pop("min_value", low)), min(high, kwargs.pop("max_value", high))
    return {"min_value": low, "max_value": high, **kwargs}


def column_integer(model, field_name: str, **kwargs) -> serializers.IntegerField:
    """A serializer field for a value stored in `model.field_name`; min_value/max_value may narrow it."""
    return serializers.IntegerField(**_narrowed(model, field_name, kwargs))


def column_form_integer(model, field_name: str, **kwargs) -> forms.IntegerField:
    """The same for an HTML form."""
    return forms.IntegerField(**_narrowed(model, field_name, kwargs))


def formfield_with_column_bounds(model_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: integer fields bounded as column_range says, in the
    input's min/max and in the form's errors."""
    if isinstance(model_field, models.IntegerField):
        kwargs.update(zip(("min_value", "max_value"), column_range(model_field.model, model_field.name), strict=True))
    return model_field.formfield(**kwargs)


def text_limit(model, field_name: str) -> int:
    """The most characters a model's text field takes: its max_length, narrowed by its validators."""
    field = model._meta.get_field(field_name)
    limits = [field.max_length] if field.max_length else []
    limits += [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits)


def column_text(model, field_name: str, **kwargs) -> serializers.CharField:
    """A serializer field for text stored in `model.field_name`, as long as the field takes."""
    return serializers.CharField(max_length=text_limit(model, field_name), **kwargs)


def column_form_text(model, field_name: str, **kwargs) -> forms.CharField:
    """The same for an HTML form."""
    return forms.CharField(max_length=text_limit(model, field_name), **kwargs)


def id_integer(**kwargs) -> serializers.IntegerField:
    """A serializer field for the id of a row."""
    return serializers.IntegerField(min_value=ID_MIN, max_value=ID_MAX, **kwargs)


def is_id(value) -> bool:
    """Whether a value a client sent (a socket frame's, say) can be the id of a row."""
    return type(value) is int and ID_MIN <= value <= ID_MAX


def parse_id(value) -> int | None:
    """An id from a form or query value (text of ASCII digits, or an int), or None when no row can have it."""
    text = str(value)
    number = int(text) if text.isascii() and text.isdigit() else None
    return number if is_id(number) else None


class IdConverter:
    """`<id:name>` in URL patterns: Django's `<id:...>` takes any number of digits, and a 20-digit one
    made the query fail with a 500; a number no id can be is no match, so a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not ID_MIN <= number <= ID_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)
