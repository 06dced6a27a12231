"""Live video for browser tests: an encoder (ffmpeg) publishing into nginx-rtmp (the `media_server`
fixture in conftest.py), a live HLS stream in several renditions as a transcoder would write it,
and promises that the page's own video events settle (the CSP forbids eval, so no wait_for_function)."""

import shutil
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Page, expect

ENCODER_SECONDS = 60


def encoder(url: str) -> subprocess.Popen:
    """What an XBot or OBS sends: H.264 (keyframe every second) and AAC in FLV over RTMP, in real time."""
    return subprocess.Popen(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-re",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(ENCODER_SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
         "-pix_fmt", "yuv420p", "-g", "30", "-c:a", "aac", "-f", "flv", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def hls_ladder(directory: Path, name: str, heights: tuple[int, ...]) -> subprocess.Popen:
    """A live HLS stream in several renditions (16:9, one per height), as a transcoder would write it
    (our nginx-rtmp writes one): the master playlist `<name>.m3u8`, a sliding playlist per
    rendition `<name>-<n>.m3u8` and 1 s segments `<name>-<n><seq>.ts`, in real time."""
    source = f"testsrc=size={max(heights) * 16 // 9}x{max(heights)}:rate=24"
    maps, renditions = [], []
    for index, height in enumerate(heights):
        maps += ["-map", "0:v"]
        renditions += [f"-s:v:{index}", f"{height * 16 // 9}x{height}", f"-b:v:{index}", f"{height * 2}k"]
    variants = " ".join(f"v:{index}" for index in range(len(heights)))
    return subprocess.Popen(
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-re",
         "-f", "lavfi", "-i", source, "-t", str(ENCODER_SECONDS), *maps,
         "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
         "-g", "24", "-sc_threshold", "0", *renditions,
         "-f", "hls", "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "delete_segments+independent_segments",
         "-master_pl_name", f"{name}.m3u8", "-hls_segment_filename", str(directory / f"{name}-%v%04d.ts"),
         "-var_stream_map", variants, str(directory / f"{name}-%v.m3u8")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def eventually(read, *, timeout: float = 30):
    """The first truthy value of `read()`: the database has no push, so look until it is there."""
    deadline = time.monotonic() + timeout
    while not (value := read()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return value


# The page's CSP forbids eval, so no wait_for_function: a promise that the video's own events settle.
PLAYED_PAST = """([selector, seconds, timeout]) => new Promise((resolve) => {
  const video = document.querySelector(selector);
  const check = () => video.currentTime > seconds && resolve(true);
  video.addEventListener("timeupdate", check);
  setTimeout(() => resolve(false), timeout);
  check();
})"""
VOD_DURATION = """(selector) => new Promise((resolve) => {
  const video = document.querySelector(selector);
  if (video.readyState >= 1) resolve(video.duration);
  video.addEventListener("loadedmetadata", () => resolve(video.duration));
  video.addEventListener("error", () => resolve(-1));
})"""


def played_past(page: Page, selector: str, *, seconds: float, timeout_ms: int = 30_000) -> bool:
    return page.evaluate(PLAYED_PAST, [selector, seconds, timeout_ms])


def connected(page: Page) -> None:
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")
