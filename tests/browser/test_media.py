"""The whole media path on this machine: nginx-rtmp started from deploy/nginx-rtmp.conf, the app on
daphne, ffmpeg as the encoder (a test pattern with a tone), Chromium as the viewer. The stream goes
live by itself, the picture plays under its public name (never the key), stopping the encoder ends
the stream, and the recording becomes a VOD. Screenshots go to test-artifacts/."""

import shutil
import subprocess
import time

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from apps.devices import services
from apps.devices.media_server import MediaServer
from apps.devices.models import Angle, Recording, RecordingStatus
from apps.streaming.models import Status, Stream
from tests.factories import UserFactory
from tests.realtime.servers import free_port
from tests.streaming.factories import StreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]

ENCODER_SECONDS = 60


@pytest.fixture
def media_server(asgi_server):
    """nginx-rtmp on a free loopback port, calling the hooks of the test's daphne."""
    server = MediaServer(root=settings.MEDIA_SERVER_ROOT, listen=f"127.0.0.1:{free_port()}", hook_site=asgi_server)
    shutil.rmtree(server.root, ignore_errors=True)
    server.start()
    yield server
    server.stop()


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


def test_an_encoder_goes_live_plays_in_the_browser_and_becomes_a_vod(open_page, media_server, save_screenshot):
    creator = UserFactory(username="hooperjay")
    device, key = services.device_register(owner=creator, name="Baseline XBot", angle_label="Baseline")
    stream = StreamFactory(creator=creator, title="Free throws at dawn")
    angle = Angle.objects.create(stream=stream, device=device)  # set up, not driven: nothing to broadcast yet
    viewer = open_page(f"/streams/{stream.pk}/")
    connected(viewer)
    expect(viewer.locator('[data-card="scheduled"]')).to_be_visible()

    publisher = encoder(f"{media_server.ingest_url}/{key}")
    try:
        # No reload: the ES and AV frames switch the page from the offline card to the player.
        expect(viewer.locator("[data-video]")).to_be_visible(timeout=20_000)
        assert played_past(viewer, "[data-video-el]", seconds=2)
        assert Stream.objects.get(pk=stream.pk).status == Status.LIVE
        hls = media_server.root / "hls"
        playlist = hls / f"{angle.playback_name}.m3u8"
        assert playlist.exists()
        assert key not in playlist.read_text()
        assert not [path.name for path in hls.iterdir() if key in path.name]
        assert key not in viewer.content()
        save_screenshot(viewer, "media-01-live-player")
        # The creator uploaded no thumbnail: the /live grid gets one from the feed (nginx's on_update).
        assert eventually(lambda: Stream.objects.get(pk=stream.pk).thumbnail.name, timeout=15)
    finally:
        publisher.terminate()
        publisher.wait(timeout=10)

    expect(viewer.locator('[data-card="ended"]')).to_be_visible(timeout=20_000)
    expect(viewer.locator("[data-video]")).to_be_hidden()
    recording = eventually(lambda: Recording.objects.filter(angle=angle, status=RecordingStatus.READY).first())
    assert recording.thumbnail
    assert recording.duration_seconds >= 2
    vod = open_page(f"/streams/{stream.pk}/")
    assert vod.evaluate(VOD_DURATION, "[data-vod-video]") > 2
    save_screenshot(vod, "media-02-vod")


def test_a_wrong_key_is_refused_and_nothing_goes_live(media_server, transactional_db):
    services.device_register(owner=UserFactory(), name="Gimbal")
    publisher = encoder(f"{media_server.ingest_url}/bsl_not-a-key-of-ours-0000000000000")
    assert publisher.wait(timeout=20) != 0  # nginx drops the connection
    assert not Stream.objects.exists()
    assert not Angle.objects.exists()
