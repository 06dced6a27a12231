"""`manage.py media_server`: the nginx-rtmp config filled in from the settings, and a plain word
when nginx is missing."""

import io

import pytest
from django.core.management import call_command

from apps.devices import media_server
from apps.devices.hooks import hook_secret


def test_the_config_names_the_hooks_the_folders_and_the_loopback_push(settings, tmp_path):
    text = media_server.render(root=tmp_path, listen="127.0.0.1:19350", hook_site="http://127.0.0.1:8123/")
    assert "$" not in text  # every placeholder filled
    assert f"on_publish http://127.0.0.1:8123/hooks/rtmp/{hook_secret()}/on_publish;" in text
    assert "listen 127.0.0.1:19350;" in text
    assert "push rtmp://127.0.0.1:19350/hls;" in text
    assert f"hls_path {tmp_path}/hls;" in text
    assert "hls_fragment 1s;" in text
    assert "notify_update_strict on;" in text


def test_start_says_plainly_when_nginx_is_missing(monkeypatch):
    monkeypatch.setattr(media_server, "missing", lambda: "nginx is not installed (apt install nginx)")
    from apps.devices.management.commands import media_server as command

    monkeypatch.setattr(command, "missing", media_server.missing)
    out = io.StringIO()
    call_command("media_server", "start", stdout=out)
    assert "Live video is off: nginx is not installed" in out.getvalue()
    assert "The site runs without it." in out.getvalue()


@pytest.mark.media
def test_start_and_stop_run_nginx(tmp_path):
    from tests.realtime.servers import free_port

    server = media_server.MediaServer(root=tmp_path, listen=f"127.0.0.1:{free_port()}", hook_site="http://127.0.0.1:1")
    server.start()
    try:
        assert server._pid() is not None
    finally:
        server.stop()
    assert server._pid() is None
