"""Files only some people may read (identity documents, recordings of paid or private streams).

They live under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so no web server maps a URL to them.
A view decides who may read one and answers through `private_file_response`: in production
nginx sends the bytes from an internal-only location (X-Accel-Redirect, no Django thread held
while a video streams); in the embedded default Django sends them itself.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateStorage(FileSystemStorage):
    """A file system storage with no public address: `url()` refuses, so no template links straight to a file."""

    def url(self, name):
        raise NotImplementedError("Private files have no URL; serve them through a view that checks the reader.")


def private_storage() -> PrivateStorage:
    return storages["private"]


def private_file_response(name: str, *, content_type: str, download_name: str | None = None) -> HttpResponse:
    """Send the private file `name` as `content_type`. With `download_name` the browser saves it
    (attachment) instead of showing it. Whatever the bytes hold, the browser neither sniffs
    another type nor runs them as a page of our origin (CSP sandbox)."""
    if settings.PRIVATE_MEDIA_ACCEL_URL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_URL + quote(name)
    else:
        response = FileResponse(private_storage().open(name), content_type=content_type)
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
