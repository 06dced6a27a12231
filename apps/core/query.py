"""Query strings read through serializers, the same for the API (which refuses what is out of bounds)
and the pages (which fall back to the defaults)."""

from rest_framework import serializers

# `?limit=`: how many rows one list answers at most, and by default where a list has no pages.
LIMIT_MAX = 100
LIMIT_DEFAULT = 50


def limit_field(**kwargs) -> serializers.IntegerField:
    """The one `limit` of every list: 1 to LIMIT_MAX."""
    return serializers.IntegerField(min_value=1, max_value=LIMIT_MAX, help_text="How many at most.", **kwargs)


class LimitQuerySerializer(serializers.Serializer):
    """`?limit=` of a list without pages (the latest N)."""

    limit = limit_field(default=LIMIT_DEFAULT)


def validated_query(serializer_class: type[serializers.Serializer], request) -> dict:
    """A query string read through a serializer: a value out of its bounds or choices is a 400.
    Read as a plain dict, so an empty value (`?type=`) is refused rather than taken as absent."""
    query = serializer_class(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return query.validated_data


def query_or_defaults(serializer_class: type[serializers.Serializer], params) -> dict:
    """A page's reading of its query string through the API's serializer: a value the API would
    refuse falls back to its field's default instead (an old or hand-edited link still shows a page)."""
    data = params.dict()
    while True:
        query = serializer_class(data=data)
        if query.is_valid():
            return query.validated_data
        kept = {name: value for name, value in data.items() if name not in query.errors}
        data = {} if kept == data else kept


def query_defaults(serializer_class: type[serializers.Serializer]) -> dict:
    """What each field of a query serializer means when it is absent (None: no filter)."""
    fields = serializer_class().fields.items()
    return {name: None if field.default is serializers.empty else field.default for name, field in fields}
