from rest_framework import serializers


def validated_query(serializer_class: type[serializers.Serializer], request) -> dict:
    """A query string read through a serializer: a value out of its bounds or choices is a 400.
    Read as a plain dict, so an empty value (`?type=`) is refused rather than taken as absent."""
    query = serializer_class(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return query.validated_data
