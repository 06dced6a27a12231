"""Live video for browser tests: an encoder (ffmpeg) publishing into nginx-rtmp (the `media_server`
fixture in conftest.py), and promises that the page's own video events settle (the CSP forbids
eval, so no wait_for_function)."""

import shutil
import subprocess
import time

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
