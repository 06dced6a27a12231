"""The whole media path on this machine: nginx-rtmp started from deploy/nginx-rtmp.conf, the app on
daphne, ffmpeg as the encoder (a test pattern with a tone), Chromium as the viewer. The stream goes
live by itself, the picture plays under its public name (never the key), stopping the encoder ends
the stream, and the recording becomes a VOD. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from apps.devices import services
from apps.devices.models import Angle, Recording, RecordingStatus
from apps.streaming.models import Status, Stream
from tests.browser.media import VOD_DURATION, connected, encoder, eventually, played_past
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]


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
