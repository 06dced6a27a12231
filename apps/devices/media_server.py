"""nginx with the RTMP module, run from deploy/nginx-rtmp.conf on this machine's settings."""

import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path
from string import Template

from django.conf import settings

from apps.devices.hooks import hook_secret

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx-rtmp.conf"
MODULE_PATHS = ("/usr/lib/nginx/modules/ngx_rtmp_module.so", "/usr/share/nginx/modules/ngx_rtmp_module.so")
INGEST_APP = "live"
HLS_APP = "hls"
UPDATE_SECONDS = 5
# How much live HLS the playlist names: a live clip reaches 90 s back (apps.clips' CLIP_WINDOW_SECONDS),
# plus the time its cut may wait in the queue.
HLS_PLAYLIST_SECONDS = 120
STOP_TIMEOUT_SECONDS = 10
INSTALL_HINT = "apt install nginx libnginx-mod-rtmp ffmpeg"


class MediaServerError(Exception):
    pass


def missing() -> str | None:
    """Why nginx-rtmp cannot run here, or None when it can."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return f"nginx is not installed ({INSTALL_HINT})"
    if not any(Path(path).exists() for path in MODULE_PATHS):
        return f"nginx's RTMP module is not installed ({INSTALL_HINT})"
    return None


def _nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def render(*, root: Path, listen: str, hook_site: str) -> str:
    port = listen.rsplit(":", 1)[-1]
    # nginx started as root hands its workers to `nobody`, who could not write our folders.
    user_line = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return Template(TEMPLATE.read_text()).substitute(
        module=next((path for path in MODULE_PATHS if Path(path).exists()), MODULE_PATHS[0]),
        user_line=user_line,
        root=root,
        listen=listen,
        push_address=f"127.0.0.1:{port}",
        ingest_app=INGEST_APP,
        hls_app=HLS_APP,
        hooks=f"{hook_site.rstrip('/')}/hooks/rtmp/{hook_secret()}",
        update_seconds=UPDATE_SECONDS,
        hls_playlist_seconds=HLS_PLAYLIST_SECONDS,
    )


class MediaServer:
    """One nginx-rtmp process whose files (config, pid, logs, HLS, recordings) are under `root`."""

    def __init__(self, *, root: Path | None = None, listen: str | None = None, hook_site: str | None = None):
        self.root = Path(root or settings.MEDIA_SERVER_ROOT).resolve()
        self.listen = listen or settings.RTMP_LISTEN
        self.hook_site = hook_site or settings.RTMP_HOOK_SITE
        self.config = self.root / "nginx.conf"

    @property
    def ingest_url(self) -> str:
        return f"rtmp://127.0.0.1:{self.listen.rsplit(':', 1)[-1]}/{INGEST_APP}"

    def _pid(self) -> int | None:
        try:
            pid = int((self.root / "nginx.pid").read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def start(self) -> None:
        if reason := missing():
            raise MediaServerError(reason)
        self.stop()
        for folder in ("hls", "recordings"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.config.write_text(render(root=self.root, listen=self.listen, hook_site=self.hook_site))
        done = subprocess.run(
            [_nginx(), "-p", str(self.root), "-c", str(self.config), "-e", str(self.root / "nginx-error.log")],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise MediaServerError(f"nginx did not start: {done.stderr.strip()[-500:]}")

    def stop(self) -> None:
        pid = self._pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGQUIT)  # graceful: finishes the recordings it is writing
        # nginx runs as a daemon, not our child: there is nothing to wait on but its pid.
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while self._pid() is not None:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.05)
