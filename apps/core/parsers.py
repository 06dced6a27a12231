"""The API's request parsers: DRF's, refusing text no part of the system can hold (apps.core.text)
before any serializer sees it. settings.REST_FRAMEWORK names them as the defaults, and views that
choose their parsers choose among these (tests/core/test_unsafe_text.py holds every API view to it)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from apps.core.text import UNSAFE_TEXT_DETAIL, is_unsafe_text


class _RefusesUnsafeText:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        data = getattr(parsed, "data", parsed)  # multipart gives data and files
        if is_unsafe_text(list(data.lists()) if hasattr(data, "lists") else data):
            raise ParseError(UNSAFE_TEXT_DETAIL, code="invalid_text")
        return parsed


class JSONParser(_RefusesUnsafeText, parsers.JSONParser):
    pass


class FormParser(_RefusesUnsafeText, parsers.FormParser):
    pass


class MultiPartParser(_RefusesUnsafeText, parsers.MultiPartParser):
    pass
