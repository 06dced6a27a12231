from rest_framework import serializers

ERROR_COMPONENT = "Error"


class ErrorSerializer(serializers.Serializer):
    """The shape of every API error."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages by input field; a nested field is named by its path, e.g. `teammates.0`.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="With 429: seconds until a retry may succeed.")
    until = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="With a ban or timeout: when it ends (ms since the epoch; null: until lifted).",
    )
    reason = serializers.CharField(required=False, help_text="With a ban, timeout or warning: the moderator's reason.")


# The answers any operation may give besides its own, added to the schema by the hook below, so a
# view documents only what is particular to it. 400: input refused before the view (a query string
# holding NUL, an unreadable body); 401/403: credentials missing or refused, or a session without its
# CSRF token; 404: a path naming nothing (or a page past the last); 415: a body in a type the
# operation does not read; 409: a write the current state refuses; 429: too many writes
# (settings.API_WRITE_RATE) or failed sign-ins.
_ALWAYS = {"400": "Bad input.", "401": "Not signed in.", "403": "Not allowed."}
_PATHS_WITH_PARAMETERS = {"404": "Nothing there."}
_WITH_BODY = {"415": "Unsupported body type."}
_WRITES = {"409": "Conflicts with the current state.", "429": "Too many requests; see retry_after."}
_UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation lists the errors every operation may give."""
    error = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            extra = dict(_ALWAYS)
            if "{" in path or _is_paginated(operation):
                extra |= _PATHS_WITH_PARAMETERS
            if "requestBody" in operation:
                extra |= _WITH_BODY
            if method in _UNSAFE_METHODS:
                extra |= _WRITES
            responses = operation.setdefault("responses", {})
            for code, description in extra.items():
                responses.setdefault(code, {"content": error, "description": description})
    return result


def _is_paginated(operation) -> bool:
    return any(parameter["name"] == "page" for parameter in operation.get("parameters", []))
