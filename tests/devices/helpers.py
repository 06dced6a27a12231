"""Devices for tests, and nginx-rtmp's callbacks as nginx sends them (form posts from loopback)."""

import shutil
import subprocess
from pathlib import Path

from django.test import Client

from apps.devices import services
from apps.devices.hooks import hook_secret
from tests.factories import UserFactory


def register(owner=None, **fields):
    """A device and its ingest key, through the service (the only way keys are made)."""
    fields.setdefault("name", "Gimbal")
    return services.device_register(owner=owner or UserFactory(), **fields)


class Nginx:
    """Posts nginx-rtmp's callbacks to the hooks: `Nginx().publish(key)` and so on."""

    def __init__(self, *, secret: str | None = None, address: str = "127.0.0.1"):
        self.client = Client(REMOTE_ADDR=address)
        self.secret = secret if secret is not None else hook_secret()
        self.next_client_id = 1

    def call(self, callback: str, **fields):
        return self.client.post(f"/hooks/rtmp/{self.secret}/{callback}", fields)

    def publish(self, key: str, client_id: int | None = None):
        if client_id is None:
            client_id, self.next_client_id = self.next_client_id, self.next_client_id + 1
        fields = {"call": "publish", "app": "live", "name": key, "clientid": client_id, "addr": "192.0.2.7"}
        return self.call("on_publish", **fields)

    def update(self, name: str, client_id: int, call: str = "update_publish"):
        return self.call("on_update", call=call, app="live", name=name, clientid=client_id, time=5)

    def publish_done(self, key: str, client_id: int):
        return self.call("on_publish_done", call="publish_done", app="live", name=key, clientid=client_id)

    def record_done(self, name: str, path: str, client_id: int = 99):
        return self.call("on_record_done", call="record_done", app="hls", name=name, path=path, clientid=client_id)


def write_live_feed(hls_dir: Path, playback_name: str, *, seconds: int = 2) -> list[Path]:
    """What nginx-rtmp writes for a live angle: 1 s segments `<name>-<n>.ts` and the playlist
    `<name>.m3u8` naming the finished ones. Returns the segments, oldest first."""
    hls_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30",
         "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "30", "-f", "hls", "-hls_time", "1",
         "-hls_list_size", "0", "-hls_segment_filename", str(hls_dir / f"{playback_name}-%d.ts"),
         str(hls_dir / f"{playback_name}.m3u8")],
        check=True,
    )  # fmt: skip
    return sorted(hls_dir.glob(f"{playback_name}-*.ts"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
