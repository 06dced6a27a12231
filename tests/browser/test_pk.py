"""A solo PK battle live, on a real daphne, each person in a browser of their own: a host invites
another from the studio, the other accepts from theirs, a viewer on each stream gifts their host,
both bars move on all four pages, and when the time is up everyone sees the winner.
Screenshots go to test-artifacts/."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from apps.pk.models import Battle
from apps.wallet.audit import audit
from apps.wallet.services import wallet_grant
from tests.browser.test_gifts import choose, connected, open_panel
from tests.factories import UserFactory
from tests.pk.conftest import at_second, start
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def catalog(transactional_db):
    """The gift catalog migration 0002 seeds (transactional tests flush it)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def fan_of(name: str, display: str):
    fan = UserFactory(username=name)
    AthleteProfile.objects.filter(user=fan).update(display_name=display)
    wallet_grant(user=fan, amount=500, reason="browser test", granted_by=UserFactory(is_staff=True))
    return fan


def send(page: Page, name: str) -> None:
    open_panel(page)
    choose(page, name)
    page.get_by_role("button", name="Send gift").click()


def points(page: Page):
    return page.locator("[data-pk] [data-pk-points]")


def bar_settled(page: Page) -> Page:
    """The score bar's fill has finished sliding to its share (for a truthful screenshot)."""
    page.wait_for_function("() => document.querySelector('[data-pk-fill]').getAnimations().length === 0")
    return page


def test_a_solo_battle_live_on_both_streams(open_page, save_screenshot, catalog):
    jay, queen = UserFactory(username="hooperjay"), UserFactory(username="splashqueen")
    jays = LiveStreamFactory(creator=jay, title="Crossover clinic")
    queens = LiveStreamFactory(creator=queen, title="Splash range")
    big_fan, splash_fan = fan_of("bigfan", "Big Fan"), fan_of("splashfan", "Splash Fan")

    jay_studio = open_page(f"/streams/{jays.pk}/studio/", jay)
    queen_studio = open_page(f"/streams/{queens.pk}/studio/", queen)
    jay_viewer = open_page(f"/streams/{jays.pk}/", big_fan)
    queen_viewer = open_page(f"/streams/{queens.pk}/", splash_fan)
    everyone = (jay_studio, queen_studio, jay_viewer, queen_viewer)
    for page in everyone:
        connected(page)
        expect(page.locator("[data-pk]")).to_be_hidden()

    # hooperjay challenges splashqueen for 3 minutes.
    panel = jay_studio.locator("#pk-panel")
    teammates = panel.locator("#id_pk-teammates")
    expect(teammates).to_be_hidden()  # for team battles only
    panel.get_by_label("Team (team A vs team B)").check()
    expect(teammates).to_be_visible()
    panel.get_by_label("Solo (host vs host)").check()
    expect(teammates).to_be_hidden()
    panel.locator("#id_pk-opponents").get_by_label("splashqueen · Splash range").check()
    panel.get_by_label("Duration").select_option("180")
    panel.get_by_role("button", name="Send invitation").click()
    expect(panel).to_contain_text("Waiting for everyone to accept")
    # The invitation reaches splashqueen's studio by itself, with a toast.
    invitation = queen_studio.locator("#pk-panel")
    expect(invitation).to_contain_text("hooperjay challenges you to a PK battle")
    expect(queen_studio.locator("#toasts")).to_contain_text("hooperjay challenges you to a PK battle")
    expect(invitation.locator("[data-pk-expires]")).to_have_text(re.compile(r"^(30|29|28|27|26|25) s$"))
    save_screenshot(queen_studio, "pk-invitation")
    invitation.get_by_role("button", name="Accept").click()

    # The bar goes up on all four pages, each stream's own host on the left; a 3-minute countdown.
    jays_side, queens_side = (jay_studio, jay_viewer), (queen_studio, queen_viewer)
    for pages, names in ((jays_side, ["hooperjay", "splashqueen"]), (queens_side, ["splashqueen", "hooperjay"])):
        for page in pages:
            bar = page.locator("[data-pk]")
            expect(bar).to_be_visible()
            expect(bar.locator(".pk-side__name")).to_have_text(names)
            expect(points(page)).to_have_text(["0", "0"])
            expect(bar.locator("[data-pk-clock]")).to_have_text(re.compile(r"^(3:00|2:5\d)$"))
    expect(queen_studio.locator("#pk-panel")).to_contain_text("The battle is on")

    # A gift on each side moves both bars everywhere.
    send(jay_viewer, "Crown")  # 50 for hooperjay
    send(queen_viewer, "Rocket")  # 20 for splashqueen
    moved = ((jays_side, ["50", "20"], 71, "Big Fan"), (queens_side, ["20", "50"], 28, "Splash Fan"))
    for pages, scores, share, top in moved:
        for page in pages:
            expect(points(page)).to_have_text(scores)
            expect(page.locator("[data-pk] [data-pk-top]").first).to_contain_text(top)
            expect(page.locator("[data-pk] [data-pk-fill]")).to_have_attribute("style", f"width: {share}%;")
    save_screenshot(bar_settled(queen_viewer), "pk-bar-live")

    # Time is up by the server's clock (moved on the battle's row). A page that loads now counts
    # down to zero and asks; the server ends the battle and every page shows the result.
    battle = Battle.objects.get()
    Battle.objects.filter(pk=battle.pk).update(ends_at=timezone.now() - timedelta(milliseconds=1))
    jay_viewer.reload()
    for pages, score in ((jays_side, "50 – 20"), (queens_side, "20 – 50")):
        for page in pages:
            result = page.locator("[data-pk-result]")
            expect(result).to_be_visible()
            expect(result.locator(".pk-result__winner")).to_have_text("🏆 hooperjay wins!")
            expect(result).to_contain_text(f"Final score {score}")
            expect(result).to_contain_text("MVP hooperjay: Big Fan (50)")
            expect(result).to_contain_text("MVP splashqueen: Splash Fan (20)")
            expect(page.locator("[data-pk-clock]")).to_have_text("Final")
    save_screenshot(bar_settled(queen_viewer), "pk-result-viewer")
    save_screenshot(bar_settled(jay_studio), "pk-result-studio")
    # The studios are free for the next battle.
    expect(jay_studio.locator("#pk-panel")).to_contain_text("Send invitation")

    battle.refresh_from_db()
    assert (battle.status, battle.winner.position, battle.end_reason) == ("ended", 1, "time")
    assert audit() == []
    for page in everyone:
        assert page.errors == []


def test_double_points_show_on_the_bar_while_they_last_and_count_twice(open_page, save_screenshot, catalog):
    jay, queen = UserFactory(username="hooperjay"), UserFactory(username="splashqueen")
    jays = LiveStreamFactory(creator=jay, title="Crossover clinic")
    LiveStreamFactory(creator=queen, title="Splash range")
    big_fan = fan_of("bigfan", "Big Fan")
    # A battle with boosters, 20 seconds from its end (its rows moved on the clock).
    battle = at_second(start(jay, queen, boosters_enabled=True), 300 - 20)

    viewer = open_page(f"/streams/{jays.pk}/", big_fan)
    connected(viewer)
    bar = viewer.locator("[data-pk]")
    expect(bar.locator("[data-pk-boost]")).to_have_text("×2 Double points")
    expect(bar).to_have_class(re.compile(r"\bpk-bar--boosted\b"))
    expect(bar.locator("[data-pk-clock]")).to_have_text(re.compile(r"^0:(1\d|20)$"))
    send(viewer, "Crown")
    expect(points(viewer)).to_have_text(["100", "0"])
    expect(bar.locator("[data-pk-fill]")).to_have_attribute("style", "width: 100%;")
    save_screenshot(bar_settled(viewer), "pk-double-points")
    assert battle.contributions.get().multiplier == 2
    assert viewer.errors == []
