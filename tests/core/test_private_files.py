"""Private files: stored outside MEDIA_ROOT and answered with headers that keep them inert."""

import pytest
from django.core.files.base import ContentFile

from apps.core.private_files import private_file_response, private_storage


def _saved(content: bytes) -> str:
    return private_storage().save("checks/sample.bin", ContentFile(content))


def test_private_storage_is_outside_media_root_and_has_no_address(settings):
    storage = private_storage()
    assert not str(storage.location).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        storage.url("anything.pdf")


def test_django_sends_the_file_with_inert_headers():
    name = _saved(b"<html><script>alert(1)</script></html>")
    response = private_file_response(name, content_type="application/pdf", download_name="document.pdf")
    assert b"".join(response.streaming_content).startswith(b"<html>")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="document.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    private_storage().delete(name)


def test_behind_nginx_the_sending_is_handed_to_its_internal_location(settings):
    settings.PRIVATE_MEDIA_ACCEL_URL = "/_private/"
    response = private_file_response("vod/a b.mp4", content_type="video/mp4")
    assert response["X-Accel-Redirect"] == "/_private/vod/a%20b.mp4"
    assert response.content == b""
    assert response["Content-Type"] == "video/mp4"
    assert "Content-Disposition" not in response
    assert response["Content-Security-Policy"] == "sandbox"
