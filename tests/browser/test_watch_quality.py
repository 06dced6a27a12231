"""The watch page's quality menu with a real stream in two renditions (360p and 720p): ffmpeg writes
a live HLS ladder under an angle's public name once its encoder counts as connected (nginx's
on_publish hook, as nginx-rtmp calls it), and Django serves it to hls.js behind the same watch rule as
nginx-rtmp's single rendition. The menu lists Auto and each rendition by its height; choosing one
switches hls.js to it while the picture plays on, and Auto hands the choice back to hls.js. (With
one rendition the menu stays hidden: tests/browser/test_watch_layout.py.) Screenshots go to
test-artifacts/."""

from collections.abc import Iterator
from http.client import HTTPConnection
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from apps.devices import services
from apps.devices.hooks import hook_secret
from apps.devices.models import Angle
from tests.browser.conftest import DESKTOP
from tests.browser.media import connected, eventually, hls_ladder, played_past
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]

VIDEO = "[data-video-el]"
CURRENT_TIME = "(selector) => document.querySelector(selector).currentTime"
HEIGHTS = (360, 720)
# The player keeps its hls.js instance to itself: record each one the page makes, to read its
# level state (the script runs before the page's own, so it sees hls.js define window.Hls).
RECORD_HLS = """(() => {
  let Hls;
  Object.defineProperty(window, "Hls", {
    configurable: true,
    get: () => Hls,
    set(value) {
      Hls = class extends value {
        constructor(config) {
          super(config);
          window.recordedHls = this;
        }
      };
    },
  });
})();"""
HLS_LEVELS = """() => { const hls = window.recordedHls;
  return {auto: hls.autoLevelEnabled, manual: hls.manualLevel, heights: hls.levels.map((level) => level.height)}; }"""
# True once the picture is `height` pixels high and has played on past where it was when asked.
SHOWS_HEIGHT = """([selector, height, timeout]) => new Promise((resolve) => {
  const video = document.querySelector(selector);
  const from = video.currentTime;
  const check = () => video.videoHeight === height && video.currentTime > from + 0.5 && resolve(true);
  ["timeupdate", "resize"].forEach((type) => video.addEventListener(type, check));
  setTimeout(() => resolve(false), timeout);
  check();
})"""


def _publish(asgi_server: str, key: str) -> Angle:
    """nginx-rtmp's on_publish for an encoder with `key`: its stream goes live, and the answer
    redirects to the angle's public name."""
    server = urlsplit(asgi_server)
    connection = HTTPConnection(server.hostname, server.port, timeout=10)
    try:
        form = urlencode({"name": key, "clientid": "1", "addr": "127.0.0.1"})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", f"/hooks/rtmp/{hook_secret()}/on_publish", form, headers)
        answer = connection.getresponse()
        assert answer.status == 302, answer.read()
        return Angle.objects.select_related("stream").get(playback_name=answer.headers["Location"])
    finally:
        connection.close()


@pytest.fixture
def ladder_stream(asgi_server, transactional_db) -> Iterator:
    """A live stream whose one angle plays an HLS ladder of HEIGHTS for as long as the test runs."""
    _, key = services.device_register(owner=UserFactory(username="hooperjay"), name="Baseline XBot")
    angle = _publish(asgi_server, key)
    hls = settings.MEDIA_SERVER_ROOT / "hls"
    hls.mkdir(parents=True, exist_ok=True)
    playlists = [hls / f"{angle.playback_name}.m3u8"] + [
        hls / f"{angle.playback_name}-{index}.m3u8" for index in range(len(HEIGHTS))
    ]
    transcoder = hls_ladder(hls, angle.playback_name, HEIGHTS)
    try:
        eventually(lambda: all(playlist.exists() for playlist in playlists))
        yield angle.stream
    finally:
        transcoder.terminate()
        transcoder.wait(timeout=10)
        for path in hls.glob(f"{angle.playback_name}*"):
            path.unlink()


def test_the_quality_menu_lists_each_rendition_and_switches_between_them(open_page, ladder_stream, save_screenshot):
    viewer = open_page(
        f"/streams/{ladder_stream.pk}/", before=lambda page: page.add_init_script(RECORD_HLS), viewport=DESKTOP
    )
    connected(viewer)
    expect(viewer.locator("[data-video]")).to_be_visible(timeout=20_000)
    assert played_past(viewer, VIDEO, seconds=1)

    quality = viewer.get_by_role("combobox", name="Quality")
    expect(quality).to_be_visible()
    expect(quality.locator("option")).to_have_text(["Auto", "360p", "720p"])
    expect(quality).to_have_value("-1")
    assert viewer.evaluate(HLS_LEVELS) == {"auto": True, "manual": -1, "heights": list(HEIGHTS)}

    # Each choice is hls.js's level, and the picture becomes that height while it plays on.
    for index, height in [(0, 360), (1, 720), (0, 360)]:
        quality.select_option(label=f"{height}p")
        assert viewer.evaluate(SHOWS_HEIGHT, [VIDEO, height, 20_000]), f"the picture never became {height}p"
        assert viewer.evaluate(HLS_LEVELS) == {"auto": False, "manual": index, "heights": list(HEIGHTS)}
    quality.focus()
    save_screenshot(viewer, "watch-desktop-quality-menu", full_page=False)

    # Auto gives the choice back to hls.js, and the picture plays on.
    quality.select_option(label="Auto")
    assert viewer.evaluate(HLS_LEVELS) == {"auto": True, "manual": -1, "heights": list(HEIGHTS)}
    before = viewer.evaluate(CURRENT_TIME, VIDEO)
    assert played_past(viewer, VIDEO, seconds=before + 1)
    assert viewer.errors == []
