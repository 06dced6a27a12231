"""The production topology on one machine, driven end to end through nginx.

What README's "Deploying" says, run as written: production settings (a real SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL; HTTPS, with a throwaway self-signed certificate), the
Procfile's `release`, `collectstatic`, nginx from `manage.py deploy_config nginx`, the Procfile's
processes (two `web` and one `sockets` daphne, the Celery `worker` and `beat`) and nginx-rtmp
(`manage.py media_server start`). Then people, through nginx only: a viewer and a creator sign
up, the viewer buys coins (the sandbox, allowed explicitly as a staging site), the creator adds
a camera to a pay-per-view stream and publishes with ffmpeg, nobody else gets its HLS, the viewer
unlocks it and gets the playlist and a segment, chats over /ws/, sends a gift; `wallet_audit`
passes. Every process it started is stopped, pass or fail; on failure it prints where the logs are.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python .ci/production_topology.py

The database is migrated and kept (people are new each run: names carry a random suffix).
"""

import asyncio
import json
import os
import posixpath
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import requests
import websockets

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
SITE_HOST = "ballskill.test"
PASSWORD = "Court-vision-2026!"
START_TIMEOUT = 60
LIVE_TIMEOUT = 45
FRAME_TIMEOUT = 20
STOP_TIMEOUT = 15
ENCODER_SECONDS = 120


class CheckFailed(Exception):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def log(message: str) -> None:
    print(f"  {message}", flush=True)


def free_ports(count: int) -> list[int]:
    """`count` different free ports: all held open at once while they are chosen."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def eventually(read, *, timeout: float, what: str):
    """The first truthy value of `read()`: the services have no push for what we wait on."""
    deadline = time.monotonic() + timeout
    while not (value := read()):
        check(time.monotonic() < deadline, f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.25)
    return value


# The site's name resolves to this machine, as an /etc/hosts line would.
_system_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    return _system_getaddrinfo("127.0.0.1" if host == SITE_HOST else host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo


class Topology:
    """Every process of the deployment, its files under one work folder."""

    def __init__(self, work: Path):
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir()
        names = ("https", "http", "hooks", "rtmp", "web1", "web2", "sockets")
        self.ports = dict(zip(names, free_ports(len(names)), strict=True))
        self.origin = f"https://{SITE_HOST}:{self.ports['https']}"
        self.certificate = work / "tls" / "site.crt"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "PATH": f"{BASE_DIR / '.venv' / 'bin'}:{os.environ['PATH']}",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": SITE_HOST,
            "SITE_URL": self.origin,
            "WALLET_ALLOW_SANDBOX": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
            "MEDIA_SERVER_ROOT": str(work / "media-server"),
            "RTMP_LISTEN": f"127.0.0.1:{self.ports['rtmp']}",
            "RTMP_INGEST_URL": f"rtmp://{SITE_HOST}:{self.ports['rtmp']}/live",
            "RTMP_HOOK_SITE": f"http://127.0.0.1:{self.ports['hooks']}",
        }
        self.env.pop("DEBUG", None)

    # --- commands -------------------------------------------------------------------------
    def manage(self, *args: str, name: str | None = None) -> str:
        done = subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True, check=False
        )
        (self.logs / f"{name or args[0]}.log").write_text(done.stdout + done.stderr)
        check(done.returncode == 0, f"manage.py {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
        return done.stdout

    def procfile(self) -> dict[str, str]:
        lines = (BASE_DIR / "Procfile").read_text().splitlines()
        return dict(line.split(": ", 1) for line in lines if line.strip())

    def spawn(self, name: str, command: list[str], **env: str) -> None:
        log_file = (self.logs / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env | env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its children (Celery's)
        )
        log_file.close()

    def spawn_procfile(self, name: str, kind: str, **env: str) -> None:
        self.spawn(name, ["sh", "-c", f"exec {self.procfile()[kind]}"], **env)

    # --- the deployment -------------------------------------------------------------------
    def make_certificate(self) -> None:
        self.certificate.parent.mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={SITE_HOST}",
             "-addext", f"subjectAltName=DNS:{SITE_HOST}", "-keyout", str(self.certificate.with_suffix(".key")),
             "-out", str(self.certificate)],
            check=True, capture_output=True,
        )  # fmt: skip

    def write_nginx_config(self) -> Path:
        site = self.manage(
            "deploy_config", "nginx",
            "--web", f"127.0.0.1:{self.ports['web1']}", "--web", f"127.0.0.1:{self.ports['web2']}",
            "--sockets", f"127.0.0.1:{self.ports['sockets']}",
            "--https-listen", f"127.0.0.1:{self.ports['https']}", "--http-listen", f"127.0.0.1:{self.ports['http']}",
            "--certificate", str(self.certificate), "--certificate-key", str(self.certificate.with_suffix(".key")),
            "--cache-dir", str(self.work / "nginx" / "cache"),
        )  # fmt: skip
        nginx = self.work / "nginx"
        nginx.mkdir()
        (nginx / "site.conf").write_text(site)
        # What the machine's own nginx.conf holds; the site is included in its http block as-is.
        user = "user root;" if os.geteuid() == 0 else ""
        (nginx / "nginx.conf").write_text(f"""{user}
worker_processes 1;
pid {nginx}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.logs}/nginx-access.log;
    client_body_temp_path {nginx}/body;
    proxy_temp_path {nginx}/proxy;
    fastcgi_temp_path {nginx}/fastcgi;
    uwsgi_temp_path {nginx}/uwsgi;
    scgi_temp_path {nginx}/scgi;
    include {nginx}/site.conf;
}}
""")
        return nginx / "nginx.conf"

    def start(self) -> None:
        self.make_certificate()
        log("release (the Procfile's migrate)")
        with (self.logs / "release.log").open("w") as release_log:
            done = subprocess.run(
                ["sh", "-c", self.procfile()["release"]], cwd=BASE_DIR, env=self.env, stdout=release_log,
                stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        check(done.returncode == 0, f"the release step (migrate) failed; see {self.logs}/release.log")
        log("collectstatic")
        self.manage("collectstatic", "--noinput")
        nginx_conf = self.write_nginx_config()
        log("nginx from `manage.py deploy_config nginx`")
        nginx = [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(nginx_conf.parent), "-c", str(nginx_conf)]
        tested = subprocess.run([*nginx, "-t"], capture_output=True, text=True, check=False)
        check(tested.returncode == 0, f"nginx -t refused the site config:\n{tested.stderr}")
        self.spawn("nginx", [*nginx, "-g", "daemon off;"])
        log("the Procfile's processes: web ×2, sockets, worker, beat")
        self.spawn_procfile("web1", "web", PORT=str(self.ports["web1"]))
        self.spawn_procfile("web2", "web", PORT=str(self.ports["web2"]))
        self.spawn_procfile("sockets", "sockets", SOCKETS_PORT=str(self.ports["sockets"]))
        self.spawn_procfile("worker", "worker")
        self.spawn_procfile("beat", "beat")
        log("nginx-rtmp (`manage.py media_server start`)")
        self.manage("media_server", "start")
        for name in ("web1", "web2", "sockets", "https"):
            self.wait_for_port(name)

    def wait_for_port(self, name: str) -> None:
        def listening():
            process = self.processes.get(name) or self.processes["nginx"]
            check(process.poll() is None, f"{name} exited with {process.returncode}; see {self.logs}")
            with suppress(OSError), socket.create_connection(("127.0.0.1", self.ports[name]), timeout=0.5):
                return True
            return False

        eventually(listening, timeout=START_TIMEOUT, what=f"{name} to listen on {self.ports[name]}")

    def exited(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def stop(self) -> None:
        with suppress(Exception):
            self.manage("media_server", "stop", name="media_server-stop")
        for process in self.processes.values():
            # The whole group, even when its first process is gone: Celery's pool children too.
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Person:
    """A browser of one person: its own cookies, every request to nginx over HTTPS."""

    def __init__(self, topology: Topology, username: str | None = None):
        self.origin = topology.origin
        self.username = username
        self.http = requests.Session()
        # Our certificate, whatever REQUESTS_CA_BUNDLE or a proxy in the environment says.
        self.http.trust_env = False
        self.http.verify = str(topology.certificate)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.origin + path, allow_redirects=False, timeout=30, **kwargs)

    def _csrf_headers(self) -> dict:
        return {
            "Origin": self.origin,
            "Referer": self.origin + "/",
            "X-CSRFToken": self.http.cookies.get("csrftoken", ""),
        }

    def submit(self, action: str, fields: dict, *, page: str | None = None) -> requests.Response:
        """A form on `page` (by default `action` itself) posted to `action`, as the browser sends it:
        the page's CSRF token, and its Origin and Referer."""
        page = page or action
        form = self.get(page)
        check(form.status_code == 200, f"GET {page}: {form.status_code}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        check(token, f"{page} has no CSRF token")
        return self.http.post(
            self.origin + action,
            data={"csrfmiddlewaretoken": token.group(1), **fields},
            headers={"Origin": self.origin, "Referer": self.origin + page},
            allow_redirects=False,
            timeout=30,
        )

    def api(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        headers = {} if "Authorization" in self.http.headers else self._csrf_headers()
        return self.http.request(
            method, self.origin + "/api/v1" + path, json=body, headers=headers, allow_redirects=False, timeout=30
        )

    def api_json(self, method: str, path: str, body: dict | None = None, *, status: int = 200):
        response = self.api(method, path, body)
        check(response.status_code == status, f"{method} /api/v1{path}: {response.status_code} {response.text[:500]}")
        return response.json()

    def sign_up(self, username: str) -> None:
        self.username = username
        done = self.submit(
            "/accounts/signup/",
            {"username": username, "email": f"{username}@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
        check(done.status_code == 302, f"sign-up of {username}: {done.status_code} {done.text[:500]}")
        cookies = {cookie.name: cookie for cookie in self.http.cookies}
        check("sessionid" in cookies, "no session cookie after signing up")
        for name in ("sessionid", "csrftoken"):
            check(cookies[name].secure, f"the {name} cookie is not Secure")
        check(cookies["sessionid"].has_nonstandard_attr("HttpOnly"), "the session cookie is not HttpOnly")


# --- the people's visit -------------------------------------------------------------------
def site_basics(topology: Topology) -> None:
    anonymous = Person(topology)
    plain = anonymous.http.get(
        f"http://{SITE_HOST}:{topology.ports['http']}/live/?x=1", allow_redirects=False, timeout=30
    )
    check(plain.status_code == 301, f"plain HTTP answered {plain.status_code}, not a redirect")
    check(plain.headers["Location"] == f"{topology.origin}/live/?x=1", f"HTTP redirects to {plain.headers['Location']}")
    home = anonymous.get("/")
    check(home.status_code == 200, f"the home page answered {home.status_code}")
    check("Strict-Transport-Security" in home.headers, "the home page has no HSTS header")
    health = anonymous.get("/healthz")
    check(health.status_code == 200, f"/healthz: {health.status_code} {health.text[:300]}")
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', home.text)
    check(stylesheet, "the home page names no hashed stylesheet")
    css = anonymous.get(stylesheet.group(1))
    check(
        css.status_code == 200 and css.headers["Content-Type"].startswith("text/css"), f"{stylesheet.group(1)}: {css}"
    )
    check("immutable" in css.headers.get("Cache-Control", ""), "hashed static files are not cached for good")
    check(css.headers.get("X-Content-Type-Options") == "nosniff", "static files are sniffable")
    for path in ("/_private/anything", "/hooks/rtmp/x/on_publish"):
        check(anonymous.get(path).status_code == 404, f"{path} is reachable from outside")
    log("HTTP redirects to HTTPS; pages, /healthz and hashed static files served; /_private/ and /hooks/ closed")


def public_media_is_never_a_page(topology: Topology) -> None:
    """Whatever lands under MEDIA_ROOT, nginx never serves it as HTML or script."""
    media = Path(topology.env["MEDIA_ROOT"]) / "probe"
    media.mkdir(parents=True)
    page = "<!doctype html><script>alert(document.domain)</script>"
    for name in ("evil.html", "evil.svg", "evil.js", "evil.jpg.html", "evil"):
        (media / name).write_text(page)
    (media / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    anonymous = Person(topology)
    for name in ("evil.html", "evil.svg", "evil.js", "evil.jpg.html", "evil"):
        response = anonymous.get(f"/media/probe/{name}")
        check(response.status_code == 200, f"/media/probe/{name}: {response.status_code}")
        check(response.headers["Content-Type"] == "application/octet-stream", f"{name} served as {response.headers}")
        check(response.headers.get("Content-Disposition") == "attachment", f"{name} is not an attachment")
        check(response.headers.get("X-Content-Type-Options") == "nosniff", f"{name} is sniffable")
        check(response.headers.get("Content-Security-Policy") == "sandbox", f"{name} is not sandboxed")
    photo = anonymous.get("/media/probe/photo.png")
    check(photo.headers["Content-Type"] == "image/png", f"a PNG served as {photo.headers['Content-Type']}")
    check("Content-Disposition" not in photo.headers, "a photo downloads instead of showing")
    check(photo.headers.get("X-Content-Type-Options") == "nosniff", "photos are sniffable")
    log("/media/: .html, .svg, .js and extensionless files download as octet-stream; images show, nosniff, sandboxed")


def buy_coins(viewer: Person) -> int:
    package = re.search(r'name="package_id" value="([^"]+)"', viewer.get("/wallet/").text)
    check(package, "the wallet page offers no coin package")
    bought = viewer.submit("/wallet/buy/", {"package_id": package.group(1)}, page="/wallet/")
    check(bought.status_code == 302, f"buying coins: {bought.status_code} {bought.text[:300]}")
    checkout = bought.headers["Location"]
    check(checkout.startswith("/payments/sandbox/"), f"the purchase went to {checkout}, not the sandbox checkout")
    paid = viewer.submit(checkout, {"outcome": "paid"})
    check(paid.status_code == 302, f"paying in the sandbox: {paid.status_code}")
    balance = viewer.api_json("GET", "/currency/balance")["balance"]
    check(balance > 0, "no coins after paying")
    log(f"viewer bought {balance:,} coins through the sandbox checkout")
    return balance


def api_app(topology: Topology, username: str) -> Person:
    """The creator's camera app: no cookies, an API token."""
    app = Person(topology, username)
    token = app.api_json("POST", "/auth/token", {"username": username, "password": PASSWORD})["token"]
    app.http.headers["Authorization"] = f"Token {token}"
    return app


def start_pay_per_view_stream(creator: Person, topology: Topology) -> tuple[dict, str]:
    device = creator.api_json("POST", "/devices", {"name": "Baseline XBot", "angle_label": "Baseline"}, status=201)
    stream = creator.api_json(
        "POST", "/streams", {"title": "Crossover clinic", "pay_per_view_cost": 5, "category": "PRACTICE"}, status=201
    )
    creator.api_json("POST", f"/streams/{stream['id']}/angles", {"device_id": device["id"]}, status=201)
    # What an XBot or OBS sends: H.264 (a keyframe a second) and AAC in FLV over RTMP, in real time.
    topology.spawn(
        "ffmpeg",
        ["ffmpeg", "-nostdin", "-v", "error", "-re",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(ENCODER_SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
         "-pix_fmt", "yuv420p", "-g", "30", "-c:a", "aac", "-f", "flv",
         f"rtmp://127.0.0.1:{topology.ports['rtmp']}/live/{device['ingest_key']}"],
    )  # fmt: skip
    eventually(
        lambda: creator.api_json("GET", f"/streams/{stream['id']}")["status"] == "live",
        timeout=LIVE_TIMEOUT,
        what="the stream to go live from the encoder (nginx-rtmp's on_publish hook)",
    )
    angles = creator.api_json("GET", f"/streams/{stream['id']}/angles")
    playlist = angles[0]["hls_url"]
    check(re.fullmatch(r"/hls/[A-Za-z0-9_]+\.m3u8", playlist), f"the angle's HLS URL is {playlist}")
    check(device["ingest_key"] not in playlist, "the stream key is in the playback URL")
    log(f"creator's camera publishes with ffmpeg; pay-per-view stream {stream['id']} is live at {playlist}")
    return stream, playlist


def segments_in(playlist_text: str) -> list[str]:
    return [f"/hls/{name}" for name in re.findall(r"^([A-Za-z0-9_-]+\.ts)$", playlist_text, re.MULTILINE)]


def first_segment(person: Person, playlist: str) -> str:
    def segment():
        response = person.get(playlist)
        return response.status_code == 200 and segments_in(response.text)[-1:]

    return eventually(segment, timeout=LIVE_TIMEOUT, what=f"a segment in {playlist} (for the stream's creator)")[0]


def hls_is_authorised_at_nginx(creator, viewer, topology, stream, playlist) -> str:
    """nginx asks Django (`auth_request` to GET /hls/authorize) for every playlist and segment."""
    anonymous = Person(topology)
    refused = anonymous.get(playlist)
    if refused.status_code == 404:
        raise CheckFailed(
            f"an anonymous GET {playlist} answered 404, not 401: nginx's auth_request got 404 from Django's "
            "GET /hls/authorize, so the endpoint is missing (the Django side of HLS authorisation, issue 14 item 2)"
        )
    segment = first_segment(creator, playlist)  # the creator may watch: their token, through auth_request
    check(refused.status_code == 401, f"an anonymous GET {playlist} answered {refused.status_code}, not 401")
    check(anonymous.get(segment).status_code == 401, f"an anonymous GET {segment} was not refused")
    unpaid = viewer.get(playlist)
    check(unpaid.status_code == 403, f"a viewer who has not paid got {unpaid.status_code} for {playlist}")
    log("anonymous: 401 for the playlist and a segment; signed in but unpaid: 403")
    viewer.api_json("POST", f"/streams/{stream['id']}/unlock")
    watched = viewer.get(playlist)
    check(watched.status_code == 200, f"the paying viewer got {watched.status_code} for {playlist}")
    check(watched.headers["Content-Type"] == "application/vnd.apple.mpegurl", f"playlist as {watched.headers}")
    check(watched.headers.get("Cache-Control") == "no-cache", "the playlist may be cached")
    segment = segments_in(watched.text)[-1]
    video = viewer.get(segment)
    check(video.status_code == 200 and video.headers["Content-Type"] == "video/mp2t", f"{segment}: {video}")
    check(video.content[:1] == b"\x47", "the segment is not MPEG-TS")
    log(f"viewer unlocked the stream: playlist and {segment} ({len(video.content):,} bytes of MPEG-TS) through nginx")
    return segment


def open_stream_page(viewer: Person, stream: dict) -> None:
    page = viewer.get(f"/streams/{stream['id']}/")
    check(page.status_code == 200, f"the stream page answered {page.status_code}")
    # The player is an ES module; the manifest storage rewrote its import of hls.js to the hashed name.
    player = re.search(r'src="(/static/js/player\.[0-9a-f]{12}\.js)"', page.text)
    check(player, "the stream page names no hashed player module")
    module = viewer.get(player.group(1))
    check(module.status_code == 200, f"{player.group(1)} is not served")
    hls = re.search(r'import "(\.\./vendor/hls\.js/hls\.light\.min\.[0-9a-f]{12}\.js)"', module.text)
    check(hls, "the player module imports no hashed hls.js")
    hls_url = posixpath.normpath(posixpath.join(posixpath.dirname(player.group(1)), hls.group(1)))
    check(viewer.get(hls_url).status_code == 200, f"{hls_url} is not served")
    log("the stream page, its player module and the hashed hls.js it imports served")


async def chat_and_gift(viewer: Person, topology: Topology, stream: dict) -> None:
    context = ssl.create_default_context(cafile=str(topology.certificate))
    url = f"wss://{SITE_HOST}:{topology.ports['https']}/ws/streams/{stream['id']}/"
    headers = {"Cookie": f"sessionid={viewer.http.cookies['sessionid']}", "Origin": topology.origin}
    async with websockets.connect(url, ssl=context, additional_headers=headers, open_timeout=FRAME_TIMEOUT) as sock:
        frames, seen = [], []

        async def until(kind: str, matches=lambda data: True) -> dict:
            async def read():
                while True:
                    frame = json.loads(await sock.recv())
                    received = frame["d"] if frame["t"] == "B" else [frame]
                    frames.extend(received)
                    seen.extend(received)
                    for unread in frames:
                        if unread["t"] == kind and matches(unread.get("d")):
                            frames.remove(unread)
                            return unread

            try:
                return await asyncio.wait_for(read(), FRAME_TIMEOUT)
            except TimeoutError:
                raise CheckFailed(
                    f"no {kind} frame within {FRAME_TIMEOUT}s; the socket got {str(seen)[:1500]}"
                ) from None

        text = f"Nice handles {secrets.token_hex(3)}"
        await sock.send(json.dumps({"t": "CM", "d": {"content": text}}))
        await until("CM", lambda data: data.get("c") == text)
        log("viewer's chat message came back over wss:// /ws/ (the sockets daphne, Redis channel layer)")
        gifts = viewer.api_json("GET", "/gifts")
        gifts = gifts["results"] if isinstance(gifts, dict) else gifts
        gift = min(gifts, key=lambda item: item["coin_cost"])
        sent = await asyncio.to_thread(
            viewer.api_json, "POST", f"/streams/{stream['id']}/gifts", {"gift_id": gift["id"]}, status=201
        )
        await until("GF")
        # The leaderboard after a burst of gifts is a Celery task: the worker ran it.
        await until("LB", lambda data: data.get("top"))
        log(f"viewer sent a {gift['name']}, {sent['balance']:,} coins left: the GF frame, and LB from the worker")


def main() -> int:
    for tool in ("nginx", "ffmpeg", "openssl"):
        if not (shutil.which(tool) or Path("/usr/sbin", tool).exists()):
            print(f"production topology: {tool} is not installed", file=sys.stderr)
            return 2
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            print(f"production topology: set {name} (PostgreSQL and Redis)", file=sys.stderr)
            return 2
    started = time.monotonic()

    def stopped_from_outside(signum, frame):
        raise CheckFailed(f"stopped by signal {signum} (CI's timeout?)")

    signal.signal(signal.SIGTERM, stopped_from_outside)  # so the processes are stopped and the logs named
    work = Path(tempfile.mkdtemp(prefix="ballskill-topology-"))
    topology = Topology(work)
    failures = []
    try:
        topology.start()
        site_basics(topology)
        public_media_is_never_a_page(topology)
        suffix = secrets.token_hex(3)
        viewer, creator = Person(topology), Person(topology)
        viewer.sign_up(f"viewer_{suffix}")
        creator.sign_up(f"creator_{suffix}")
        log("a viewer and a creator signed up (Secure, HttpOnly session cookies)")
        buy_coins(viewer)
        creator_app = api_app(topology, creator.username)
        stream, playlist = start_pay_per_view_stream(creator_app, topology)
        try:
            hls_is_authorised_at_nginx(creator_app, viewer, topology, stream, playlist)
        except CheckFailed as exc:  # the rest of the visit still runs: one missing piece, one clear line
            failures.append(str(exc))
            viewer.api("POST", f"/streams/{stream['id']}/unlock")  # paid already or not: chat needs it paid
        open_stream_page(viewer, stream)
        asyncio.run(chat_and_gift(viewer, topology, stream))
        topology.manage("wallet_audit")
        log("manage.py wallet_audit: the books balance")
        stopped = topology.exited()
        check(not stopped, f"processes exited during the run: {', '.join(stopped)}")
        worker_log = (topology.logs / "worker.log").read_text()
        check("pk.end_overdue_battles" in worker_log, "beat's periodic task never ran in the worker")
        log("worker and beat alive; beat's periodic tasks ran in the worker")
    except CheckFailed as exc:
        failures.append(str(exc))
    except Exception as exc:  # a crash of the script itself is a failure too, with its logs kept
        failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        topology.stop()
    elapsed = time.monotonic() - started
    if failures:
        print(f"\nPRODUCTION TOPOLOGY FAILED after {elapsed:.0f}s:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        print(f"Logs of every process: {topology.logs}", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"\nProduction topology passed in {elapsed:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
