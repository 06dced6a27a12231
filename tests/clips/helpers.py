"""Cameras on a stream for the clip tests, and a test pattern whose every frame says its number."""

import shutil
import subprocess

from django.utils import timezone

from apps.devices.models import Angle, IngestKey, Publish
from tests.devices.helpers import register

FPS = 25
WIDTH, HEIGHT = 192, 108
BITS = 16  # the frame's number as 16 bars, most significant first, white for 1
BAR = WIDTH // BITS


def publishing_angle(stream) -> Angle:
    """A camera of `stream` that has connected (the clip is cut from its HLS)."""
    device, _secret = register(owner=stream.creator)
    key = IngestKey.objects.get(device=device, revoked_at__isnull=True)
    angle = Angle.objects.create(stream=stream, device=device)
    now = timezone.now()
    Publish.objects.create(angle=angle, key=key, client_id="1", started_at=now, last_update_at=now)
    return angle


def _numbered_frames(*, seconds: int, speed: list[str], output: list[str]) -> None:
    bars = f"255*mod(floor(N/pow(2\\,{BITS - 1}-floor(X/{BAR})))\\,2)"
    subprocess.run(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", *speed,
         "-f", "lavfi", "-i", f"color=c=black:s={WIDTH}x{HEIGHT}:r={FPS},format=gray,geq=lum={bars},format=yuv420p",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-g", str(FPS), "-sc_threshold", "0", "-c:a", "aac", *output],
        check=True, capture_output=True, timeout=seconds + 30,
    )  # fmt: skip


def publish_numbered_frames(url: str, *, seconds: int) -> None:
    """Publish `seconds` of picture (and a tone) whose frame n shows n in bars, at 4x real time:
    nginx-rtmp cuts HLS on the stream's timestamps, not the clock, so the test need not wait."""
    _numbered_frames(seconds=seconds, speed=["-readrate", "4"], output=["-f", "flv", url])


def write_numbered_frames(path, *, seconds: int) -> None:
    """The same picture as an MP4 file (a recording as apps.devices remuxes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _numbered_frames(seconds=seconds, speed=[], output=["-movflags", "+faststart", str(path)])


def first_frame_ms(video) -> int:
    """The picture's clock (ms) shown by a video's first frame: its bars read back, each bar's middle
    averaged on the middle row and split at mid-grey."""
    raw = subprocess.run(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-i", str(video), "-frames:v", "1",
         "-vf", f"scale={WIDTH}:{HEIGHT}", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    row = raw[(HEIGHT // 2) * WIDTH : (HEIGHT // 2 + 1) * WIDTH]
    middles = [row[bar * BAR + BAR // 4 : (bar + 1) * BAR - BAR // 4] for bar in range(BITS)]
    number = int("".join("1" if sum(middle) / len(middle) > 128 else "0" for middle in middles), 2)
    return number * 1000 // FPS
