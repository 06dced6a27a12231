"""Production's static files: `collectstatic` into ManifestStaticFilesStorage, then real pages render
and every asset they name is on disk. A template or vendored file that names a missing asset (a
source map, an image in a stylesheet, a script) fails here, not as a 500 on every production page."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

from apps.devices.models import Angle
from tests.devices.helpers import register
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")
STATIC_URL_IN_PAGE = re.compile(r"""(?:src|href)="(/static/[^"?#]+)""")
MODULE_IMPORT = re.compile(r"""^(?:import|export)\b[^"';()]*?(?:\bfrom\s*)?"(\.{1,2}/[^"]+)";""", re.MULTILINE)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic as production runs it, once for the module; the storage stays on for its tests."""
    root = tmp_path_factory.mktemp("staticfiles")
    manifest_storage = {"BACKEND": "apps.core.static_storage.ModuleManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=root, STORAGES=settings.STORAGES | {"staticfiles": manifest_storage}):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def _assets_of(page: str) -> list[str]:
    return STATIC_URL_IN_PAGE.findall(page)


def _assert_every_asset_is_collected(page: str, root: Path) -> None:
    assets = _assets_of(page)
    assert assets, "the page names no static file at all"
    for url in assets:
        _assert_collected_and_hashed(url.removeprefix(settings.STATIC_URL), root, named_by="the page")


def _assert_collected_and_hashed(name: str, root: Path, *, named_by: str) -> None:
    """`name` was collected under a hashed (cache-safe) name, and so was every module it imports."""
    assert (root / name).is_file(), f"{name} is named by {named_by} but was not collected"
    assert name in staticfiles_storage.hashed_files.values(), f"{name} (named by {named_by}) is not a hashed name"
    if name.endswith(".js"):
        for specifier in MODULE_IMPORT.findall((root / name).read_text()):
            imported = (Path(name).parent / specifier).as_posix()
            _assert_collected_and_hashed(os.path.normpath(imported), root, named_by=name)


@pytest.mark.parametrize("path", ["/", "/live/", "/accounts/login/", "/accounts/signup/", "/admin/login/"])
def test_pages_render_with_the_manifest_and_name_only_collected_files(client, collected, path):
    response = client.get(path)
    assert response.status_code == 200
    _assert_every_asset_is_collected(response.content.decode(), collected)


def test_a_live_stream_page_with_its_player_names_only_collected_files(client, collected, user):
    stream = LiveStreamFactory()
    device, _key = register(owner=stream.creator)
    Angle.objects.create(stream=stream, device=device)
    client.force_login(user)
    response = client.get(f"/streams/{stream.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    _assert_every_asset_is_collected(page, collected)
    player = next(url for url in _assets_of(page) if "/js/player." in url)
    assert "hls.light.min." in (collected / player.removeprefix(settings.STATIC_URL)).read_text()


def test_the_api_docs_name_only_collected_files(client, collected, user):
    client.force_login(user)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    _assert_every_asset_is_collected(response.content.decode(), collected)


def test_every_static_tag_in_our_templates_is_in_the_manifest(collected):
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    names = {name for template in templates for name in STATIC_TAG.findall(template.read_text())}
    assert names
    for name in sorted(names):
        assert staticfiles_storage.stored_name(name)  # raises ValueError when the manifest lacks it
