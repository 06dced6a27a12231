"""1v1 challenges on a phone: from a profile's Challenge button to the form, and the list with its
answers and the score report, all inside 390 px. Screenshots: test-artifacts/challenges-*.png."""

import pytest

from apps.tournaments.models import Challenge
from apps.tournaments.services import challenges
from tests.browser.conftest import PHONE
from tests.tournaments.challenges_support import add_game_types, challenge, coins, player

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_challenge_from_a_profile_and_answer_on_a_phone(open_page, save_screenshot):
    add_game_types()
    ana, bo = player(1000, username="ana"), player(1000, username="bo")
    page = open_page("/u/bo/", ana, viewport=PHONE)
    page.get_by_role("link", name="Challenge").click()
    page.get_by_label("Best of").select_option("3")
    page.get_by_label("Stake (coins each)").fill("150")
    page.get_by_label("Message").fill("Park courts, Saturday 6pm. Loser buys the drinks.")
    save_screenshot(page, "challenges-new-phone")
    assert page.evaluate(FITS)
    page.get_by_role("button", name="Send challenge").click()
    page.wait_for_url("**/challenges/")
    assert "Challenge sent" in page.content()
    assert (Challenge.objects.get().stake, coins(ana)) == (150, 850)

    page = open_page("/challenges/", bo, viewport=PHONE)
    save_screenshot(page, "challenges-list-phone")
    assert page.evaluate(FITS)
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/challenges/")
    assert page.get_by_role("button", name="Report").is_visible()
    save_screenshot(page, "challenges-report-phone")
    assert page.evaluate(FITS)
    assert not page.errors


def test_a_refusal_shows_on_the_list(open_page):
    add_game_types()
    ana, bo = player(1000), player(10)
    made = challenge(ana, bo, stake=100)
    page = open_page("/challenges/", bo, viewport=PHONE)
    challenges.challenge_cancel(challenge=made, player=ana)
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/challenges/")
    assert "no longer waiting for an answer: it was cancelled" in page.content()
