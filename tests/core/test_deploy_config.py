"""`manage.py deploy_config nginx`: the production nginx site filled in from the settings, accepted
by nginx itself. .ci/production_topology.py runs it in front of the whole deployment."""

import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from apps.core.deploy import NginxSite, render_nginx_site

SITE = NginxSite(
    web=("127.0.0.1:8001", "127.0.0.1:8002"),
    sockets=("127.0.0.1:8101",),
    certificate="/etc/ssl/ballskill/fullchain.pem",
    certificate_key="/etc/ssl/ballskill/privkey.pem",
)
PRODUCTION_LIKE = {
    "ALLOWED_HOSTS": ["ballskill.example", "www.ballskill.example"],
    "PRIVATE_MEDIA_ACCEL_URL": "/_private/",
    "RTMP_HOOK_SITE": "http://127.0.0.1:8080",
}


@pytest.fixture
def production_like(settings, tmp_path):
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_SERVER_ROOT = tmp_path / "media-server"
    return settings


def _location(config: str, prefix: str) -> str:
    start = config.index(f"location {prefix} {{")
    return config[start : config.index("\n    }\n", start)]


def test_every_placeholder_is_filled_from_the_settings(production_like, tmp_path):
    config = render_nginx_site(SITE)
    assert "${" not in config
    assert "server 127.0.0.1:8001;\n    server 127.0.0.1:8002;" in config
    assert "server_name ballskill.example www.ballskill.example;" in config
    assert "listen 127.0.0.1:8080;" in config  # where RTMP_HOOK_SITE sends nginx-rtmp's callbacks
    assert "return 301 https://$host$request_uri;" in config
    assert f"alias {tmp_path}/static/;" in config
    assert f"alias {tmp_path}/media-server/hls/;" in config
    assert "$cookie_sessionid $http_authorization" in config


def test_public_media_is_never_served_as_a_page(production_like, tmp_path):
    media = _location(render_nginx_site(SITE), "/media/")
    assert f"alias {tmp_path}/media/;" in media
    assert "default_type application/octet-stream;" in media
    assert "text/html" not in media
    for header in ("X-Content-Type-Options nosniff", "Content-Security-Policy sandbox", "Content-Disposition"):
        assert f"add_header {header}" in media


def test_hls_is_authorised_by_django_and_private_files_are_internal(production_like, tmp_path):
    config = render_nginx_site(SITE)
    hls = _location(config, "/hls/")
    assert "auth_request /_hls_authorize;" in hls
    authorize = _location(config, "= /_hls_authorize")
    assert "internal;" in authorize
    assert "proxy_pass http://ballskill_web/hls/authorize;" in authorize
    assert "proxy_set_header X-Original-URI $request_uri;" in authorize
    assert "proxy_cache_valid 204 5s;" in authorize
    private = _location(config, "/_private/")
    assert "internal;" in private
    assert f"alias {tmp_path}/private/;" in private
    assert "add_header Content-Security-Policy sandbox always;" in private


def test_sockets_go_to_the_sockets_processes_and_hooks_stay_inside(production_like):
    config = render_nginx_site(SITE)
    assert "proxy_pass http://ballskill_sockets;" in _location(config, "/ws/")
    assert "return 404;" in _location(config, "/hooks/")


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ALLOWED_HOSTS", ["*"], "ALLOWED_HOSTS must name"),
        ("PRIVATE_MEDIA_ACCEL_URL", "", "PRIVATE_MEDIA_ACCEL_URL must be"),
        ("RTMP_HOOK_SITE", "https://media.example", "RTMP_HOOK_SITE must be http://"),
        ("SESSION_COOKIE_NAME", "__Host-session", "nginx cannot read a cookie"),
    ],
)
def test_settings_nginx_cannot_serve_are_refused_with_a_reason(production_like, setting, value, message):
    setattr(production_like, setting, value)
    with pytest.raises(CommandError, match=message):
        call_command("deploy_config", "nginx", "--certificate", "c.pem", "--certificate-key", "k.pem")


def test_the_command_prints_the_site(production_like):
    out = io.StringIO()
    call_command(
        "deploy_config", "nginx", "--certificate", "c.pem", "--certificate-key", "k.pem", "--https-listen", "8443",
        "--web", "127.0.0.1:9001", stdout=out,
    )  # fmt: skip
    assert "server 127.0.0.1:9001;" in out.getvalue()
    assert "return 301 https://$host:8443$request_uri;" in out.getvalue()


@pytest.mark.media
def test_nginx_accepts_the_site(production_like, tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=ballskill.example",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = NginxSite(
        web=SITE.web,
        sockets=SITE.sockets,
        certificate=tmp_path / "cert.pem",
        certificate_key=tmp_path / "key.pem",
        cache_dir=tmp_path / "cache",
    )
    (tmp_path / "site.conf").write_text(render_nginx_site(site))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}} "
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tested = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stderr
