"""/media/ as Django serves it in the embedded default: nothing there is ever a page or a script."""

import importlib

import pytest
from django.urls import clear_url_caches

import config.urls


@pytest.fixture
def media_root(settings, tmp_path):
    """MEDIA_ROOT in a folder of the test's own, served the way the embedded default serves it."""
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_FILES = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield tmp_path
    settings.SERVE_FILES = False
    importlib.reload(config.urls)
    clear_url_caches()


def inert(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("p/a.jpg", "image/jpeg"),
        ("p/a.PNG", "image/png"),
        ("p/a.webp", "image/webp"),
        ("p/a.gif", "image/gif"),
        ("gifts/sounds/a.mp3", "audio/mpeg"),
        ("gifts/sounds/a.ogg", "audio/ogg"),
        ("gifts/sounds/a.m4a", "audio/mp4"),
    ],
)
def test_images_and_sounds_are_served_as_their_type_only(client, media_root, name, content_type):
    (media_root / name).parent.mkdir(parents=True, exist_ok=True)
    (media_root / name).write_bytes(b"<html><script>alert(1)</script></html>")
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" not in response.get("Content-Disposition", "")
    inert(response)


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.svg", "a.js", "a.xml", "a.mp4", "a.pdf", "noext", "a.html.gz"])
def test_anything_else_is_a_download_that_no_browser_runs(client, media_root, name):
    # Files stored before uploads were renamed may carry the name a client chose.
    (media_root / name).write_bytes(b"<html><script>alert(1)</script></html>")
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert "Content-Encoding" not in response
    inert(response)
