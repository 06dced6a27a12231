"""A tournament's bracket live, on a real daphne, each person in a browser of their own: the two
players of a match report it on their match pages and a spectator's bracket moves the winner on
without a reload; a disputed report lands in the organizer's queue; and a 16-player
double-elimination bracket, some rounds played, photographed on a laptop and a phone
(test-artifacts/tournament-bracket-*.png)."""

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import AthleteProfile
from apps.accounts.tiers import Tier
from apps.tournaments.models import Format, MatchStatus, Rating
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory
from tests.tournaments.pages_data import game_types, play, play_round, start, tournament_with

pytestmark = pytest.mark.browser

NAMES = [
    "Jordan Keys",
    "Ava Splash",
    "Marcus Rim",
    "Lena Swish",
    "Dre Crossover",
    "Maya Fade",
    "Kofi Handles",
    "Sasha Glass",
    "Theo Bank",
    "Nia Floater",
    "Ray Stepback",
    "Zoe Euro",
    "Omar Post",
    "Ivy Corner",
    "Luca Lob",
    "Priya Range",
]


def named(display: str):
    user = UserFactory(username=display.lower().replace(" ", "_"))
    AthleteProfile.objects.filter(user=user).update(display_name=display)
    return user


@pytest.fixture
def types(transactional_db):
    game_types()


def report(page: Page, mine: int, theirs: int) -> None:
    page.get_by_label("Game 1: my score").fill(str(mine))
    page.get_by_label("Game 1: their score").fill(str(theirs))
    page.get_by_role("button", name="Send my report").click()
    expect(page.get_by_text("Your report is in.")).to_be_visible()


def slot_name(page: Page, match_id: int, side: int):
    return page.locator(f'.bracket-tree [data-match-id="{match_id}"] [data-slot="{side}"] [data-name]')


def test_both_players_report_and_the_spectator_sees_the_winner_advance(open_page, types):
    players = [named(name) for name in NAMES[:4]]
    tournament = tournament_with(4, format=Format.SINGLE_ELIMINATION, registered_players=players)
    start(tournament)
    semifinal = tournament.matches.get(code="W1-M1")
    final = tournament.matches.get(code="W2-M1")
    winner, loser = semifinal.player1, semifinal.player2
    # A spectator gets SUMMARY frames; a player of the other semifinal gets FULL ones.
    spectator = open_page(f"/tournaments/{tournament.pk}/", UserFactory())
    other_player = open_page(f"/tournaments/{tournament.pk}/", tournament.matches.get(code="W1-M2").player1)
    for page in (spectator, other_player):
        expect(slot_name(page, final.pk, 0)).to_have_text("Winner of W1-M1")
        page.evaluate("window.notReloaded = true")
    first = open_page(f"/tournaments/{tournament.pk}/matches/{semifinal.pk}/", winner)
    second = open_page(f"/tournaments/{tournament.pk}/matches/{semifinal.pk}/", loser)
    report(first, 21, 17)
    report(second, 17, 21)

    for page in (spectator, other_player):
        expect(slot_name(page, final.pk, 0)).to_have_text(winner.public_name)
        played = page.locator(f'.bracket-tree [data-match-id="{semifinal.pk}"]')
        expect(played.locator("[data-status]")).to_have_text("Done")
        expect(played.locator('[data-slot="0"]')).to_have_class("bm__slot is-winner")
        expect(played.locator('[data-slot="0"] [data-score]')).to_have_text("21")
        assert page.evaluate("window.notReloaded") is True
    assert spectator.errors == other_player.errors == first.errors == second.errors == []


def test_a_superstar_registering_is_announced_to_everyone_on_the_page(open_page, types):
    tournament = tournament_with(1, registered_players=[named(NAMES[0])])
    star = named("Ava Splash")
    AthleteProfile.objects.filter(user=star).update(verification_tier=Tier.PREMIUM_VERIFIED)
    Rating.objects.create(player=star, game_type=tournament.game_type, rating=1720, current_streak=12)
    spectator = open_page(f"/tournaments/{tournament.pk}/", UserFactory())
    expect(spectator.locator("[data-registered-count]").first).to_have_text("1")
    mine = open_page(f"/tournaments/{tournament.pk}/", star)
    mine.get_by_role("button", name="Register").click()
    expect(mine.get_by_text("You're in.")).to_be_visible()

    expect(spectator.locator("[data-announce]")).to_have_text("Ava Splash has entered! Elite superstar")
    expect(spectator.locator("[data-registered-count]").first).to_have_text("2")
    expect(spectator.locator("[data-players]").get_by_role("link", name="Ava Splash")).to_be_visible()
    assert spectator.errors == []


def test_a_disputed_report_shows_in_the_organizers_queue(open_page, types):
    tournament = tournament_with(2, format=Format.SINGLE_ELIMINATION, registered_players=[named(n) for n in NAMES[:2]])
    start(tournament)
    match = tournament.matches.get()
    first = open_page(f"/tournaments/{tournament.pk}/matches/{match.pk}/", match.player1)
    second = open_page(f"/tournaments/{tournament.pk}/matches/{match.pk}/", match.player2)
    report(first, 21, 15)
    report(second, 21, 19)
    match.refresh_from_db()
    assert match.status == MatchStatus.DISPUTED

    organizer = open_page(f"/tournaments/{tournament.pk}/", tournament.organizer)
    queue = organizer.locator("#queue")
    expect(queue.get_by_role("heading", name="To settle (1)")).to_be_visible()
    item = queue.locator(f'[data-queue-match="{match.pk}"]')
    expect(item.get_by_text(f"{match.player1.public_name}'s report")).to_be_visible()
    expect(item.get_by_text(f"{match.player2.public_name}'s report")).to_be_visible()
    expect(item.get_by_role("button", name=f"Settle {match.code}")).to_be_visible()


def test_the_reset_appears_live_once_the_losers_champion_wins_the_grand_final(open_page, types):
    tournament = tournament_with(4, grand_final="reset", registered_players=[named(n) for n in NAMES[:4]])
    start(tournament)
    for code in ("W1-M1", "W1-M2", "W2-M1", "L1-M1", "L2-M1"):
        play(tournament.matches.get(code=code))
    grand_final, reset = tournament.matches.get(code="G1-M1"), tournament.matches.get(code="G2-M1")
    spectator = open_page(f"/tournaments/{tournament.pk}/", UserFactory(), viewport=PHONE)
    reset_slot = spectator.locator(f'.bracket-tree [data-match-slot="{reset.pk}"]')
    expect(reset_slot).to_be_hidden()
    spectator.evaluate("window.notReloaded = true")
    winners_champion = open_page(f"/tournaments/{tournament.pk}/matches/{grand_final.pk}/", grand_final.player1)
    losers_champion = open_page(f"/tournaments/{tournament.pk}/matches/{grand_final.pk}/", grand_final.player2)
    report(losers_champion, 21, 18)
    report(winners_champion, 18, 21)

    expect(reset_slot).to_be_visible()
    expect(slot_name(spectator, reset.pk, 0)).to_have_text(grand_final.player2.public_name)
    expect(slot_name(spectator, reset.pk, 1)).to_have_text(grand_final.player1.public_name)
    assert spectator.evaluate("window.notReloaded") is True


@pytest.fixture
def sixteen(types):
    """16 named players, double elimination with a reset: the winners' first two rounds and the
    losers' first round played."""
    tournament = tournament_with(16, registered_players=[named(n) for n in NAMES], name="Ball Skill Winter Classic")
    start(tournament)
    play_round(tournament, "winners", 1)
    play_round(tournament, "winners", 2)
    play_round(tournament, "losers", 1)
    return tournament


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_sixteen_player_double_elimination_bracket(open_page, save_screenshot, sixteen, size):
    me = sixteen.matches.get(code="W3-M1").player1
    page = open_page(f"/tournaments/{sixteen.pk}/", me, viewport=size)
    name = "desktop" if size is DESKTOP else "phone"
    bracket = page.locator("#bracket")
    expect(bracket.get_by_role("heading", name="Losers' bracket")).to_be_visible()
    expect(bracket.locator(".bm--mine").first).to_be_visible()
    save_screenshot(page, f"tournament-bracket-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    winners = page.locator(".bracket-stage--winners .bracket-scroll")
    if size is PHONE:  # the bracket scrolls sideways in its own box
        assert winners.evaluate("box => box.scrollWidth > box.clientWidth")
    toggle = page.get_by_role("button", name="Round by round")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".bracket-tree")).to_be_hidden()
    expect(page.locator(".bracket-list").get_by_role("heading", name="Winners' Round 1")).to_be_visible()
    save_screenshot(page, f"tournament-rounds-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert page.errors == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_list_of_upcoming_tournaments(open_page, save_screenshot, types, size):
    tournament_with(3, name="Ball Skill Winter Classic", capacity=16)
    tournament_with(
        2, name="Verified Three-Point Shootout, Open to the Best", game="THREE_POINT", verified_only=True, entry_fee=200
    )
    tournament_with(0, name="Free-throw Friday", game="FREE_THROW", format=Format.ROUND_ROBIN)
    page = open_page("/tournaments/", UserFactory(), viewport=size)
    expect(page.locator(".tournament-card")).to_have_count(3)
    expect(page.get_by_text("Verified only")).to_be_visible()
    save_screenshot(page, f"tournament-list-{'desktop' if size is DESKTOP else 'phone'}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
