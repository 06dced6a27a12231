"""Text a client sent that no part of the system can hold: NUL (PostgreSQL refuses it in text) and
lone surrogates (no UTF-8 encoding exists for them, so a JSON answer or a socket frame carrying one
fails to encode). Each door refuses them: the middleware for paths and query strings, the API's
JSON parser, the socket frame parser; Django's and DRF's CharFields refuse them in forms and
serializers."""

import re

UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
UNSAFE_TEXT_DETAIL = "Text may not contain NUL characters or unpaired surrogates."


def is_unsafe_text(value) -> bool:
    """Whether a string, or any key or string inside nested lists and dicts, holds an unsafe character."""
    if isinstance(value, str):
        return UNSAFE_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(is_unsafe_text(key) or is_unsafe_text(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(is_unsafe_text(item) for item in value)
    return False
