"""A prediction live, each person in a browser of their own: the creator opens it in the studio,
two viewers (a phone and a desktop) see it arrive, stake on opposite outcomes and watch the pools
move; the creator resolves it and both balances change. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import Page, expect

from apps.predictions.models import Prediction
from apps.wallet.audit import audit
from apps.wallet.selectors import points_balance, points_escrow_balance
from apps.wallet.services import points_credit
from tests.browser.conftest import PHONE
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser


def connected(page: Page) -> None:
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")


def stake(page: Page, outcome: str, points: int) -> None:
    row = page.locator(".prediction__outcome", has_text=outcome)
    row.get_by_placeholder("Points").fill(str(points))
    row.get_by_role("button", name="Predict").click()


def test_a_prediction_is_opened_staked_on_and_resolved(open_page, save_screenshot):
    creator = UserFactory(username="hooperjay")
    stream = LiveStreamFactory(creator=creator, title="Free throw clinic")
    fans = [UserFactory(username="courtside"), UserFactory(username="benchwarmer")]
    for fan in fans:
        points_credit(user=fan, channel=creator, amount=500, reference="browser test", idempotency_key=None)
    path = f"/streams/{stream.pk}/"

    studio = open_page(f"{path}studio/", creator)
    studio.on("dialog", lambda dialog: dialog.accept())
    phone = open_page(path, fans[0], viewport=PHONE)
    desktop = open_page(path, fans[1])
    for page in (studio, phone, desktop):
        connected(page)
    for page in (phone, desktop):
        expect(page.locator("[data-points-balance]")).to_have_text("500")
        expect(page.locator("[data-prediction-panel]")).to_be_hidden()

    studio.get_by_label("Question").fill("Makes the next free throw?")
    studio.get_by_label("Outcomes").fill("Swish\nBrick")
    studio.get_by_label("Window (seconds)").fill("300")
    studio.get_by_role("button", name="Open the prediction").click()
    expect(studio.get_by_role("button", name="Lock now")).to_be_visible()

    for page in (phone, desktop):  # PR fetches the card
        expect(page.get_by_role("heading", name="Makes the next free throw?")).to_be_visible()
    stake(phone, "Swish", 100)
    expect(phone.locator("[data-my-stake]")).to_contain_text("You predicted Swish with 100 points")
    expect(phone.locator("[data-points-balance]")).to_have_text("400")
    stake(desktop, "Brick", 300)
    expect(desktop.locator("[data-points-balance]")).to_have_text("200")
    # Each page's pools follow the other's stake (PR, redrawn in place).
    swish = phone.locator('.prediction__outcome:has-text("Swish")')
    brick = phone.locator('.prediction__outcome:has-text("Brick")')
    expect(brick.locator("[data-points]")).to_have_text("300")
    expect(swish.locator("[data-share]")).to_have_text("25")
    expect(swish.locator("[data-ratio]")).to_have_text("1:4")
    expect(studio.locator(".prediction-studio__outcomes")).to_contain_text("Brick: 300 points (1)")
    save_screenshot(studio, "prediction-staked-studio")
    save_screenshot(phone, "prediction-staked-phone")
    save_screenshot(desktop, "prediction-staked-desktop")

    studio.locator(".prediction-studio__outcomes li", has_text="Swish").get_by_role("button", name="Won").click()
    expect(studio.get_by_role("button", name="Open the prediction")).to_be_visible()

    # The phone's 100 won the whole 400; the desktop's 300 is gone.
    expect(phone.locator("[data-points-balance]")).to_have_text("800")
    expect(desktop.locator("[data-points-balance]")).to_have_text("200")
    for page in (phone, desktop):
        expect(page.locator(".prediction__status")).to_have_text("Resolved")
        expect(page.locator(".prediction__top")).to_contain_text("+400")
    expect(phone.locator("[data-my-stake]")).to_contain_text("you won 400!")
    save_screenshot(phone, "prediction-resolved-phone")
    save_screenshot(desktop, "prediction-resolved-desktop")

    assert Prediction.objects.get().status == "resolved"
    assert (points_balance(fans[0], creator), points_balance(fans[1], creator)) == (800, 200)
    assert points_escrow_balance(creator) == 0
    assert audit() == []
    for page in (studio, phone, desktop):
        assert page.errors == []
