"""Glass-to-glass latency of live video: ffmpeg -> nginx-rtmp -> HLS -> hls.js in Chromium.

    .venv/bin/python bench/latency.py                 # 20 s of samples
    .venv/bin/python bench/latency.py --seconds 60 --runs 3

It runs the real pieces on loopback: the app on daphne (a throw-away SQLite database and media
folder under a temporary directory), nginx with the RTMP module from deploy/nginx-rtmp.conf
(1 s HLS fragments), ffmpeg as the encoder and headless Chromium (/usr/bin/chromium) on the
watch page as the viewer.

The encoder burns the wall clock into the picture: a strip of 20 black-or-white cells across the
top encodes the time (centiseconds, modulo 1000 s) at which ffmpeg made that frame (setpts with
RTCTIME, then geq). The page reads the strip back from every frame it presents
(requestVideoFrameCallback, drawn to a canvas) and subtracts it from its own clock: the same
machine, the same clock. Reported per run: encoder start -> first HLS segment on disk, -> first
frame shown; glass-to-glass p50/p95/max over the samples; hls.js's own live-edge distance.
Target: glass-to-glass p50 <= 4 s with 1 s fragments. Results: bench/results/latency.json.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
TARGET_SECONDS = 4.0
CELLS = 20
CELL_WIDTH = 32  # 20 cells of 32 px across a 640 px wide picture
STRIP_HEIGHT = 24

# Cell i is white when bit i of (wall clock in centiseconds, modulo 1000 s) is set.
STRIP = (
    f"[0:v]split[picture][copy];[copy]crop=640:{STRIP_HEIGHT}:0:0,format=gray,"
    "setpts=RTCTIME/(TB*1000000),"
    f"geq=lum='255*mod(floor(floor(mod(T\\,1000)*100)/pow(2\\,floor(X/{CELL_WIDTH})))\\,2)',"
    "setpts=N/(30*TB),format=yuv420p[strip];[picture][strip]overlay=0:0[v]"
)

# In the page: decode the strip of each presented frame; resolve with the samples after `seconds`.
SAMPLER = """([cells, width, height, seconds]) => new Promise((resolve) => {
  const video = document.querySelector("[data-video-el]");
  const canvas = document.createElement("canvas");
  canvas.width = cells * width; canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const samples = [], edges = [];
  const started = performance.now();
  const onFrame = () => {
    const now = Date.now();
    context.drawImage(video, 0, 0, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
    const row = context.getImageData(0, height / 2, canvas.width, 1).data;
    let value = 0;
    for (let i = 0; i < cells; i++) if (row[(i * width + width / 2) * 4] > 127) value += 2 ** i;
    const span = 1000 * 1000;  // the strip counts modulo 1000 s, in ms here
    let made = Math.floor(now / span) * span + value * 10;
    if (made > now) made -= span;
    samples.push((now - made) / 1000);
    if (window.bslPlayer && window.bslPlayer.hls) edges.push(window.bslPlayer.hls.latency);
    if (performance.now() - started < seconds * 1000) video.requestVideoFrameCallback(onFrame);
    else resolve({ samples, edges });
  };
  video.requestVideoFrameCallback(onFrame);
})"""

FIRST_FRAME = """() => new Promise((resolve) => {
  const video = document.querySelector("[data-video-el]");
  const done = () => resolve(Date.now() / 1000);
  if (!video.paused && video.currentTime > 0) done(); else video.addEventListener("playing", done, { once: true });
})"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"daphne exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"daphne did not listen on {port}")


def environment(work: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "MEDIA_SERVER_ROOT": str(work / "media-server"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SERVE_FILES": "true",
        "DEBUG": "false",
        "RTMP_RECONNECT_GRACE_SECONDS": "0",
        "REDIS_URL": "",
    }


def prepare(env: dict):
    """Migrate the throw-away database; make a creator and a device. Returns a function that
    makes a new scheduled stream the device films (one per run) and the device's key."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from apps.accounts.models import User
    from apps.devices import services
    from apps.streaming import services as streaming

    creator = User.objects.create_user(username=f"latency{secrets.token_hex(3)}", password=secrets.token_hex(8))
    device, key = services.device_register(owner=creator, name="Latency probe")

    def new_stream() -> tuple[str, str]:
        stream = streaming.stream_create(creator=creator, title="Latency probe")
        angle = services.angle_attach(stream=stream, device=device, by=creator)
        return str(stream.pk), angle.playback_name

    return new_stream, key


def encoder(url: str, seconds: float) -> subprocess.Popen:
    return subprocess.Popen(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-re",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
         "-filter_complex", STRIP, "-map", "[v]", "-map", "1:a", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "30",
         "-c:a", "aac", "-f", "flv", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def first_segment(playlist: Path, timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if playlist.exists() and ".ts" in playlist.read_text():
            return time.time()
        time.sleep(0.02)
    raise SystemExit("no HLS segment appeared")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_once(page, base_url: str, stream: tuple[str, str], key: str, server, seconds: float) -> dict:
    stream_id, playback_name = stream
    page.goto(f"{base_url}/streams/{stream_id}/")
    page.wait_for_selector('[data-stream][data-connected="true"]', state="attached")
    started = time.time()
    publisher = encoder(f"{server.ingest_url}/{key}", seconds + 30)
    try:
        segment_at = first_segment(server.root / "hls" / f"{playback_name}.m3u8")
        page.wait_for_selector("[data-video]:not([hidden])", timeout=30_000)
        shown_at = page.evaluate(FIRST_FRAME)
        page.wait_for_timeout(2000)  # let hls.js settle at its live sync point before sampling
        measured = page.evaluate(SAMPLER, [CELLS, CELL_WIDTH, STRIP_HEIGHT, seconds])
    finally:
        publisher.terminate()
        publisher.wait(timeout=10)
    samples = [s for s in measured["samples"] if 0 <= s < 60]
    edges = [e for e in measured["edges"] if e is not None]
    return {
        "to_first_segment_s": round(segment_at - started, 2),
        "to_first_frame_s": round(shown_at - started, 2),
        "frames": len(samples),
        "undecodable_frames": len(measured["samples"]) - len(samples),
        "glass_to_glass_p50_s": round(statistics.median(samples), 2),
        "glass_to_glass_p95_s": round(percentile(samples, 0.95), 2),
        "glass_to_glass_max_s": round(max(samples), 2),
        "hls_live_edge_mean_s": round(statistics.mean(edges), 2) if edges else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="sampling time per run")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--output", default=str(RESULTS / "latency.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bsl-latency-"))
    env = environment(work)
    new_stream, key = prepare(env)
    # One broadcast per run (a run's stream ends with its encoder); made now, before Playwright's
    # event loop runs in this thread and Django refuses synchronous database calls.
    streams = [new_stream() for _ in range(args.runs)]
    from playwright.sync_api import sync_playwright

    from apps.devices.media_server import MediaServer, missing

    if reason := missing():
        raise SystemExit(reason)
    port = free_port()
    daphne = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    server = MediaServer(root=work / "media-server", listen=f"127.0.0.1:{free_port()}", hook_site=base_url)
    runs = []
    try:
        wait_for_port(port, daphne)
        server.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run",
                      "--autoplay-policy=no-user-gesture-required"],
            )  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for stream in streams:
                runs.append(run_once(page, base_url, stream, key, server, args.seconds))
            browser.close()
    finally:
        server.stop()
        daphne.terminate()
        daphne.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    columns = list(runs[0])
    print(f"\nLive video latency, 1 s HLS fragments, {args.seconds:g} s of samples per run", end="")
    print(f" (target glass-to-glass p50 <= {TARGET_SECONDS} s)\n")
    print("run  " + "  ".join(f"{name:>22}" for name in columns))
    for number, run in enumerate(runs, 1):
        print(f"{number:>3}  " + "  ".join(f"{run[name]!s:>22}" for name in columns))
    holds = all(run["glass_to_glass_p50_s"] <= TARGET_SECONDS for run in runs)
    print(f"\nholds: {'yes' if holds else 'NO'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"target_s": TARGET_SECONDS, "holds": holds, "runs": runs}, indent=2))
    print(f"JSON: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
