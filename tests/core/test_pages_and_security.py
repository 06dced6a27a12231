import re

import pytest

pytestmark = pytest.mark.django_db


def test_pages_forbid_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_pages_load_nothing_from_other_hosts(client):
    page = client.get("/accounts/login/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == []
    assert "<script>" not in page  # every script is a file


def test_nav_has_the_main_sections(client, user):
    client.force_login(user)
    page = client.get("/live/").content.decode()
    for label in ("Live", "Tournaments", "Profile", "Wallet", "Log out"):
        assert f">{label}<" in page
    assert client.get("/tournaments/").status_code == 200
    assert client.get("/wallet/").status_code == 200


def test_anonymous_nav_offers_log_in_and_sign_up(client):
    page = client.get("/").content.decode()
    assert ">Log in<" in page
    assert ">Sign up<" in page
