"""Unknown pages show our 404 page and a failing view our 500 page, in the embedded default too;
under /api/ both stay the API's JSON."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

from config import urls as site_urls

pytestmark = pytest.mark.django_db

OUR_404 = "This page is out of bounds"
OUR_500 = "Something went wrong on our side"


def explode(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*site_urls.urlpatterns, path("explode/", explode), path("api/explode/", explode)]
handler400, handler404, handler500 = site_urls.handler400, site_urls.handler404, site_urls.handler500


def test_an_unknown_page_is_our_404_page(client, user):
    client.force_login(user)
    for url in ("/no-such-page/", "/u/nobody-by-this-name/", "/streams/00000000-0000-0000-0000-000000000000/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "404.html" in [t.name for t in response.templates]
        page = response.content.decode()
        assert OUR_404 in page
        assert 'aria-label="Main"' in page  # the site's own header, signed in as ever
        assert ">Log out<" in page


def test_unknown_api_addresses_answer_json():
    for url in ("/api/v1/no-such-endpoint", "/api/no-such-version/"):
        response = Client().get(url)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": "Nothing at this address."}


@pytest.mark.urls(__name__)
def test_a_failing_view_is_our_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    assert "500.html" in [t.name for t in response.templates]
    assert OUR_500 in response.content.decode()
    api = client.get("/api/explode/")
    assert api.status_code == 500
    assert api.json() == {"code": "server_error", "detail": "Something went wrong on our side."}


# The embedded default's own settings (config.settings.local, as `make run` starts it): through the
# ASGI application daphne runs, an unknown page is our 404 page and the stylesheet is still served.
EMBEDDED_PROBE = """
import json
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from config.asgi import application

def get(path):
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"host", b"127.0.0.1")], "scheme": "http", "server": ("127.0.0.1", 8000),
             "client": ("127.0.0.1", 5000), "asgi": {"version": "3.0"}, "http_version": "1.1", "root_path": ""}
    async def run():
        app = ApplicationCommunicator(application, scope)
        await app.send_input({"type": "http.request", "body": b""})
        start = await app.receive_output(10)
        body = b""
        while True:
            message = await app.receive_output(10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                return start["status"], body.decode()
    return async_to_sync(run)()

from django.conf import settings
status, page = get("/no-such-page/")
css_status, css = get("/static/css/app.css")
print(json.dumps({"debug": settings.DEBUG, "status": status, "page": page, "css": css_status,
                  "stylesheet": ".site-header" in css}))
"""


def test_the_embedded_default_shows_our_404_page_and_still_serves_static_files(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    output = subprocess.run(
        [sys.executable, "-c", EMBEDDED_PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr[-3000:]
    result = json.loads(output.stdout.strip().splitlines()[-1])
    assert OUR_404 in result.pop("page")
    assert result == {"debug": False, "status": 404, "css": 200, "stylesheet": True}
