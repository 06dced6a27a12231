"""The moderators' desk on a real daphne, at phone and desktop width: one platform moderator
approves a verification request on their desk, and another's desk, open meanwhile, drops it from
its panel live (MQ on /ws/moderation/, the panel fetched again), without a reload. Screenshots go to
test-artifacts/."""

import pytest
from playwright.sync_api import expect

from apps.accounts import services
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PlatformModeratorFactory, UserFactory, documents_for, make_verifiable
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_decision_on_one_desk_updates_another_without_a_reload(open_page, save_screenshot, viewport, name):
    asker = UserFactory(username="hoopdreams")
    make_verifiable(asker)
    request = services.verification_request_create(
        user=asker, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED"), message="My ID is attached."
    )
    LiveStreamFactory(title="Crossover clinic", current_viewers=12)

    watching = open_page("/moderation/", PlatformModeratorFactory(username="second_mod"), viewport=viewport)
    panel = watching.locator('[data-desk-queue="verification"]')
    expect(panel.locator(f'[data-item-id="{request.pk}"]')).to_be_visible()
    expect(watching.locator("[data-desk-status]")).to_contain_text("Live")
    watching.evaluate("window.deskMarker = 'same page'")
    save_screenshot(watching, f"desk-{name}")
    assert watching.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    deciding = open_page("/moderation/", PlatformModeratorFactory(username="first_mod"), viewport=viewport)
    item = deciding.locator(f'[data-item-id="{request.pk}"]')
    item.get_by_role("button", name="Approve").click()
    expect(deciding.locator(f'[data-item-id="{request.pk}"]')).to_have_count(0)

    expect(panel.locator(f'[data-item-id="{request.pk}"]')).to_have_count(0)
    expect(watching.locator('[data-desk-queue="verification"] [data-desk-count]')).to_have_text("0")
    assert watching.evaluate("window.deskMarker") == "same page"  # no reload happened
    save_screenshot(watching, f"desk-after-{name}")
    assert watching.errors == []
    assert deciding.errors == []
