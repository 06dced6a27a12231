"""A viewer clips a live stream from the watch page (phone) and the clip plays on its own page:
real video published into nginx-rtmp, cut by the clips.cut task, played by Chromium."""

import pytest
from playwright.sync_api import expect

from apps.clips.models import Clip, ClipStatus
from tests.browser.conftest import PHONE
from tests.browser.media import played_past
from tests.clips.helpers import publish_numbered_frames, publishing_angle
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]


def test_a_viewer_clips_the_stream_and_the_clip_plays_on_its_page(open_page, media_server, save_screenshot):
    stream = LiveStreamFactory(title="Crossover clinic")
    angle = publishing_angle(stream)
    port = media_server.listen.rsplit(":", 1)[-1]
    publish_numbered_frames(f"rtmp://127.0.0.1:{port}/hls/{angle.playback_name}", seconds=16)

    viewer = open_page(f"/streams/{stream.pk}/", UserFactory(username="clipper"), viewport=PHONE)
    viewer.get_by_text("✂ Clip").click()
    form = viewer.locator("[data-clip-form]")
    form.get_by_label("Title").fill("Filthy crossover")
    form.get_by_label("Seconds").fill("10")
    save_screenshot(viewer, "clips-01-form-phone")
    form.get_by_role("button", name="Clip it").click()
    link = viewer.locator("[data-clip-made] a")
    expect(link).to_be_visible(timeout=30_000)
    clip = Clip.objects.get()
    assert (clip.status, clip.duration_ms, clip.clipped_by.username) == (ClipStatus.READY, 10_000, "clipper")
    save_screenshot(viewer, "clips-02-made-phone")

    link.click()
    expect(viewer.locator("h1")).to_have_text("Filthy crossover")
    viewer.locator("[data-clip-video]").evaluate("video => { video.muted = true; return video.play(); }")
    assert played_past(viewer, "[data-clip-video]", seconds=1)
    save_screenshot(viewer, "clips-03-page-phone")
    desktop = open_page(f"/clips/{clip.pk}/")
    assert desktop.locator('meta[property="og:video"]').get_attribute("content").endswith(f"/clips/{clip.pk}/video.mp4")
    save_screenshot(desktop, "clips-04-page-desktop")
    assert not viewer.errors
