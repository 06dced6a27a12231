"""The shot tracker with real video (ffmpeg → nginx-rtmp → hls.js): a channel moderator keeps score on
a phone's scorekeeper page (a spot tapped on the court, then Made/Missed, then Undo last), and two
other viewers, one on a phone and one on a desktop, see the overlay over their playing picture follow
each shot and celebrate a make streak of three. Screenshots go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.restrictions.models import ChannelModerator
from apps.shots.models import Shot
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.media import played_past
from tests.browser.test_watch_layout import VIDEO, _playing, _rect, live_stream  # noqa: F401  (a fixture)
from tests.factories import UserFactory
from tests.shots.conftest import shot_types  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.media]

CURRENT_TIME = "(selector) => document.querySelector(selector).currentTime"


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"]
        and inner["right"] <= outer["right"]
        and inner["top"] >= outer["top"]
        and inner["bottom"] <= outer["bottom"]
    )


def _shoot(keeper: Page, code: str, result: str, total: str) -> None:
    """Press a shot key and wait for htmx to put the answer in place: the stream's `total` after it."""
    keeper.locator(f'[data-shot="{code}-{result}"]').click()
    expect(keeper.locator("[data-keeper-total]")).to_have_text(total)


def _overlay_reads(page: Page, total: str, row: str) -> None:
    """The overlay shows `total` and its first row reads `row` (its parts apart by any white space)."""
    overlay = page.locator("[data-shot-overlay]")
    expect(overlay).to_be_visible()
    expect(overlay.locator("[data-shot-total]")).to_have_text(total)
    expect(overlay.locator(".shot-row").first).to_have_text(re.compile(r"\s*".join(map(re.escape, row.split()))))


@pytest.mark.usefixtures("shot_types")
def test_scorekeeping_on_a_phone_moves_the_overlay_over_playing_video(open_page, live_stream, save_screenshot):  # noqa: F811
    keeper_user = UserFactory(username="courtmod")
    ChannelModerator.objects.create(creator=live_stream.creator, moderator=keeper_user)
    watch = f"/streams/{live_stream.pk}/"
    phone = _playing(open_page(watch, UserFactory(username="phonefan"), viewport=PHONE))
    desktop = _playing(open_page(watch, viewport=DESKTOP))
    expect(phone.locator("[data-shot-overlay]")).to_be_hidden()  # no shot yet

    keeper = open_page(f"/streams/{live_stream.pk}/scorekeeper/", keeper_user, viewport=PHONE)
    court = keeper.locator("[data-court]")
    box = court.bounding_box()
    court.tap(position={"x": box["width"] * 0.25, "y": box["height"] * 0.5})
    expect(keeper.locator("[data-court-note]")).to_have_text("Spot chosen: it goes with the next shot.")
    _shoot(keeper, "three", "made", "1/1")
    expect(keeper.locator("[data-court-note]")).to_have_text("No spot chosen.")  # it went with that shot
    shot = Shot.objects.get()
    assert (shot.recorded_by, shot.made) == (keeper_user, True)
    assert abs(shot.x - 250) <= 3  # a quarter across, half-way down (a tap lands on whole pixels)
    assert abs(shot.y - 500) <= 3

    _shoot(keeper, "three", "missed", "1/2")
    for view in (phone, desktop):
        _overlay_reads(view, "1/2", "3PT 1/2 50% vs 50% career")
    save_screenshot(keeper, "shots-phone-scorekeeper", full_page=False)

    before = phone.evaluate(CURRENT_TIME, VIDEO)
    _shoot(keeper, "free_throw", "made", "2/3")
    _shoot(keeper, "free_throw", "made", "3/4")
    _shoot(keeper, "layup_dunk", "made", "4/5")
    for view in (phone, desktop):
        expect(view.locator("[data-shot-streak]")).to_contain_text("3 in a row")
        expect(view.locator("[data-shot-celebration-text]")).to_have_text("3 in a row!")
        expect(view.locator("[data-shot-celebration]")).to_be_visible()
    save_screenshot(phone, "shots-phone-viewer-streak", full_page=False)
    save_screenshot(desktop, "shots-desktop-viewer-streak", full_page=False)
    assert played_past(phone, VIDEO, seconds=before + 0.5)  # the picture plays on under it

    # A phone's small picture shows the row of the type just shot; a desktop shows every type's.
    expect(phone.locator(".shot-row:visible")).to_have_count(1)
    expect(phone.locator(".shot-row:visible")).to_contain_text("LAY")
    expect(desktop.locator(".shot-row:visible")).to_have_count(3)
    for view in (phone, desktop):
        _overlay_reads(view, "4/5", "FT 2/2 100% vs 100% career")
        expect(view.locator("[data-shot-celebration]")).to_be_hidden()
        assert _inside(_rect(view, "[data-shot-overlay]"), _rect(view, ".stage__screen"))
    chat = _rect(phone, ".stage > .chat-panel .chat-scroll")
    assert _rect(phone, "[data-shot-overlay]")["bottom"] <= chat["top"]  # clear of the floating chat
    save_screenshot(phone, "shots-phone-viewer", full_page=False)
    save_screenshot(desktop, "shots-desktop-viewer", full_page=False)

    # Theatre mode and full screen are the stage's: the overlay stays over the picture.
    desktop.get_by_role("button", name="Theatre mode").click()
    expect(desktop.locator("body")).to_have_class(re.compile(r"\bis-theatre\b"))
    assert _inside(_rect(desktop, "[data-shot-overlay]"), _rect(desktop, ".stage__screen"))
    save_screenshot(desktop, "shots-desktop-theatre", full_page=False)
    desktop.get_by_role("button", name="Full screen").click()
    expect(desktop.get_by_role("button", name="Exit full screen")).to_be_visible()
    expect(desktop.locator("[data-shot-overlay]")).to_be_visible()
    assert _inside(_rect(desktop, "[data-shot-overlay]"), _rect(desktop, ".stage__screen"))

    keeper.get_by_role("button", name="Undo last (LAY made)").click()
    expect(keeper.locator("[data-keeper-done]")).to_have_text("Undone: Layup / dunk made.")
    for view in (phone, desktop):
        expect(view.locator("[data-shot-total]")).to_have_text("3/4")
        expect(view.locator("[data-shot-streak]")).to_contain_text("2 in a row")
    assert phone.errors == desktop.errors == keeper.errors == []
