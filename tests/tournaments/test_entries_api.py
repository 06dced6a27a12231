"""`/api/v1/tournaments`: list and create, detail with its bracket, and register, withdraw, check-in,
sponsor, start, pause, resume, cancel, finalize. Every refusal is `{"code", "detail"}` with a 4xx,
nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.tiers import Tier
from apps.tournaments.models import Entry, Sponsorship, Tournament, TournamentStatus
from apps.tournaments.services import entries as services
from apps.wallet.models import Transfer
from tests.factories import api_client_for
from tests.tournaments.conftest import assert_books_balance, coins, earnings, escrow, play_out

pytestmark = pytest.mark.django_db


def url(tournament=None, action: str = "") -> str:
    base = "/api/v1/tournaments" + (f"/{tournament.pk}" if tournament else "")
    return f"{base}/{action}" if action else base


def _written() -> list[int]:
    return [model.objects.count() for model in (Tournament, Entry, Sponsorship, Transfer)]


def refused(response, status: int, code: str) -> None:
    assert (response.status_code, response.json()["code"]) == (status, code), response.json()
    assert response.json()["detail"]


@pytest.fixture
def tournament(make_tournament):
    return make_tournament(entry_fee=100, check_in_minutes=0)


# --- Creating and reading ----------------------------------------------------------------------------
CREATE = {
    "name": "Sunday shootout",
    "game_type": "THREE_POINT",
    "format": "DOUBLE_ELIMINATION",
    "capacity": 16,
    "check_in_minutes": 15,
    "entry_fee": 50,
    "prize_split": [50, 30, 20],
    "best_of": 3,
    "final_best_of": 5,
    "grand_final": "reset",
    "seeding": "random",
    "verified_only": True,
}


def _start_at(hours: int = 3) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_an_elite_player_creates_a_tournament(organizer, game_types):
    response = api_client_for(organizer).post(url(), {**CREATE, "start_at": _start_at()}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in CREATE} == CREATE
    assert (body["organizer"]["id"], body["status"], body["entry_price"], body["pool"]) == (
        organizer.pk,
        "registration",
        63,
        0,
    )
    assert (body["entries"], body["bracket"], body["platform_cut_percent"]) == ([], None, 10)


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"prize_split": [60, 30]}, 400, "tournament_invalid"),
        ({"capacity": 1}, 400, "invalid"),
        ({"capacity": 257}, 400, "invalid"),
        ({"capacity": 2**40}, 400, "invalid"),
        ({"capacity": "16"}, 400, "invalid"),
        ({"prize_split": [100.0]}, 400, "invalid"),
        ({"best_of": 2}, 400, "invalid"),
        ({"game_type": "CHESS"}, 400, "tournament_invalid"),
        ({"start_at": "2020-01-01T00:00:00Z"}, 400, "tournament_invalid"),
        ({"swiss_rounds": 3}, 400, "tournament_invalid"),
        ({"name": "x" * 61}, 400, "invalid"),
    ],
)
def test_bad_settings_are_refused(organizer, game_types, change, status, code):
    before = _written()
    response = api_client_for(organizer).post(url(), {**CREATE, "start_at": _start_at(), **change}, format="json")
    refused(response, status, code)
    assert _written() == before


def test_creating_without_the_tier_is_refused(make_player, game_types):
    response = api_client_for(make_player(tier=Tier.PREMIUM_VERIFIED)).post(
        url(), {**CREATE, "start_at": _start_at()}, format="json"
    )
    refused(response, 403, "not_allowed")
    assert not Tournament.objects.exists()


def test_creating_needs_a_sign_in(game_types):
    assert api_client_for().post(url(), {**CREATE, "start_at": _start_at()}, format="json").status_code in (401, 403)


def test_the_list_filters_by_phase_and_game_type(make_tournament, make_player, now):
    upcoming = make_tournament(name="Later", start_at=now + timedelta(days=2), check_in_minutes=30)
    checking_in = make_tournament(name="Soon", start_at=now + timedelta(minutes=20), check_in_minutes=30)
    free_throw = make_tournament(name="Free throws", game_type="FREE_THROW", start_at=now + timedelta(days=3))
    live = make_tournament(name="Live", entry_fee=0)
    for player in (make_player(), make_player()):
        services.register(tournament=live, player=player, now=now)
    services.start(tournament=live, by=live.organizer, now=now)
    cancelled = make_tournament(name="Called off")
    services.cancel(tournament=cancelled, by=cancelled.organizer)

    def names(query: str) -> list[str]:
        response = api_client_for().get(f"{url()}?{query}")
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    assert names("status=upcoming") == [upcoming.name, free_throw.name]
    assert names("status=check_in") == [checking_in.name]
    assert names("status=live") == [live.name]
    assert names("status=finished") == [cancelled.name]
    assert names("game_type=FREE_THROW") == [free_throw.name]
    assert names("status=upcoming&game_type=1V1") == [upcoming.name]
    body = api_client_for().get(f"{url()}?limit=2").json()
    assert (body["count"], body["limit"], len(body["results"])) == (5, 2, 2)


@pytest.mark.parametrize("query", ["status=soon", "status=", "limit=0", "page=0", "game_type=" + "x" * 21])
def test_a_bad_list_query_is_a_400(query):
    refused(api_client_for().get(f"{url()}?{query}"), 400, "invalid")


def test_the_detail_shows_entries_pool_and_once_started_the_bracket(tournament, make_player, now):
    ana, bo, sponsor = make_player(100), make_player(100), make_player(30)
    for player in (ana, bo):
        services.register(tournament=tournament, player=player, now=now)
    services.sponsor(tournament=tournament, sponsor=sponsor, coins=30)
    body = api_client_for().get(url(tournament)).json()
    assert (body["registered"], body["waiting"], body["pool"], body["bracket"]) == (2, 0, 230, None)
    assert [(e["player"]["id"], e["status"], e["fee_paid"], e["rating"]) for e in body["entries"]] == [
        (ana.pk, "registered", 100, None),
        (bo.pk, "registered", 100, None),
    ]
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    bracket = api_client_for().get(url(tournament)).json()["bracket"]
    assert len(bracket["matches"]) == 1
    assert bracket["matches"][0]["players"] == [ana.pk, bo.pk]


def test_a_missing_tournament_is_a_404():
    refused(api_client_for().get("/api/v1/tournaments/999999"), 404, "tournament_not_found")


# --- Entries -------------------------------------------------------------------------------------------
def test_registering_takes_the_fee(tournament, make_player):
    player = make_player(150)
    response = api_client_for(player).post(url(tournament, "register"), {}, format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["fee_paid"], response.json()["gifted"]) == (
        "registered",
        100,
        False,
    )
    assert (coins(player), escrow()) == (50, 100)
    assert_books_balance()


def test_a_gifted_entry_on_behalf_of_another_player(tournament, make_player):
    giver, player = make_player(100), make_player()
    response = api_client_for(giver).post(url(tournament, "register"), {"on_behalf_of": player.pk}, format="json")
    assert response.status_code == 201
    assert (response.json()["player"]["id"], response.json()["gifted"]) == (player.pk, True)
    assert (coins(giver), escrow()) == (0, 100)
    assert_books_balance()


def test_the_idempotency_key_replays_a_registration_without_paying_again(tournament, make_player):
    player = make_player(300)
    client = api_client_for(player)
    headers = {"HTTP_IDEMPOTENCY_KEY": "register-key-0001"}
    first = client.post(url(tournament, "register"), {}, format="json", **headers)
    again = client.post(url(tournament, "register"), {}, format="json", **headers)
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assert (coins(player), Entry.objects.count()) == (200, 1)
    assert_books_balance()


@pytest.mark.parametrize(
    ("setup", "body", "status", "code"),
    [
        ("registered", {}, 409, "already_registered"),
        ("poor", {}, 400, "insufficient_coins"),
        ("started", {}, 409, "registration_closed"),
        ("verified_only", {}, 403, "verified_only"),
        ("none", {"on_behalf_of": 999_999}, 400, "entry_invalid"),
        ("none", {"on_behalf_of": 0}, 400, "invalid"),
        ("none", {"on_behalf_of": "7"}, 400, "invalid"),
    ],
)
def test_registration_refusals(make_tournament, make_player, now, setup, body, status, code):
    tournament = make_tournament(entry_fee=100, verified_only=setup == "verified_only")
    player = make_player(0 if setup == "poor" else 200)
    if setup == "registered":
        services.register(tournament=tournament, player=player, now=now)
    if setup == "started":
        for other in (make_player(200), make_player(200)):
            services.register(tournament=tournament, player=other, now=now)
        services.start(tournament=tournament, by=tournament.organizer, now=now)
    before = _written()
    refused(api_client_for(player).post(url(tournament, "register"), body, format="json"), status, code)
    assert _written() == before
    assert_books_balance()


def test_withdrawing_refunds_and_moves_the_waiting_list_up(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=100)
    ana, bo, cy = make_player(100), make_player(100), make_player(100)
    for player in (ana, bo, cy):
        services.register(tournament=tournament, player=player, now=now)
    response = api_client_for(ana).post(url(tournament, "withdraw"))
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    assert tournament.entries.get(player=cy).status == "registered"
    assert (coins(ana), coins(cy), escrow()) == (100, 0, 200)
    assert_books_balance()


def test_withdrawing_without_an_entry_or_after_the_start(tournament, make_player, now):
    stranger = make_player()
    refused(api_client_for(stranger).post(url(tournament, "withdraw")), 409, "not_registered")
    ana, bo = make_player(100), make_player(100)
    for player in (ana, bo):
        services.register(tournament=tournament, player=player, now=now)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    refused(api_client_for(ana).post(url(tournament, "withdraw")), 409, "withdrawal_closed")
    assert coins(ana) == 0


def test_checking_in_inside_and_outside_the_window(make_tournament, make_player, now):
    soon = make_tournament(start_at=now + timedelta(minutes=10), check_in_minutes=30)
    later = make_tournament(start_at=now + timedelta(hours=2), check_in_minutes=30)
    player = make_player(200)
    for tournament in (soon, later):
        services.register(tournament=tournament, player=player, now=now)
    response = api_client_for(player).post(url(soon, "check-in"))
    assert (response.status_code, response.json()["checked_in_at"] is not None) == (200, True)
    refused(api_client_for(player).post(url(later, "check-in")), 409, "check_in_closed")


def test_sponsoring(tournament, make_player):
    sponsor = make_player(500)
    response = api_client_for(sponsor).post(url(tournament, "sponsor"), {"coins": 200}, format="json")
    assert (response.status_code, response.json()["coins"], response.json()["sponsor"]["id"]) == (201, 200, sponsor.pk)
    assert (coins(sponsor), escrow()) == (300, 200)
    assert_books_balance()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"coins": 0}, 400, "invalid"),
        ({"coins": 1_000_001}, 400, "invalid"),
        ({"coins": "5"}, 400, "invalid"),
        ({}, 400, "invalid"),
        ({"coins": 501}, 400, "insufficient_coins"),
    ],
)
def test_sponsorship_refusals(tournament, make_player, body, status, code):
    sponsor = make_player(500)
    refused(api_client_for(sponsor).post(url(tournament, "sponsor"), body, format="json"), status, code)
    assert (coins(sponsor), Sponsorship.objects.count()) == (500, 0)


# --- Running it ----------------------------------------------------------------------------------------
def test_the_organizer_starts_pauses_resumes_and_finalizes(tournament, make_player, now):
    ana, bo = make_player(100), make_player(100)
    for player in (ana, bo):
        services.register(tournament=tournament, player=player, now=now)
    organizer = api_client_for(tournament.organizer)
    started = organizer.post(url(tournament, "start"))
    assert (started.status_code, started.json()["status"]) == (200, "live")
    assert [e["seed"] for e in started.json()["entries"]] == [1, 2]
    assert organizer.post(url(tournament, "pause")).json()["status"] == "paused"
    assert organizer.post(url(tournament, "resume")).json()["status"] == "live"
    refused(organizer.post(url(tournament, "finalize")), 409, "matches_not_done")
    play_out(tournament)
    finalized = organizer.post(url(tournament, "finalize"))
    assert (finalized.status_code, finalized.json()["status"]) == (200, "finalized")
    # Pool 200, cut 20, the rest 180 by 70/30 (two places).
    assert [(e["final_place"], e["prize"]) for e in finalized.json()["entries"]] == [(1, 126), (2, 54)]
    assert (earnings(ana), earnings(bo), escrow()) == (126, 54, 0)
    refused(organizer.post(url(tournament, "finalize")), 409, "wrong_state")
    assert_books_balance()


def test_the_organizer_cancels_and_everyone_is_refunded(tournament, make_player, now):
    ana, sponsor = make_player(100), make_player(40)
    services.register(tournament=tournament, player=ana, now=now)
    services.sponsor(tournament=tournament, sponsor=sponsor, coins=40)
    response = api_client_for(tournament.organizer).post(url(tournament, "cancel"))
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert (coins(ana), coins(sponsor), escrow()) == (100, 40, 0)
    assert_books_balance()


@pytest.mark.parametrize("action", ["start", "pause", "resume", "cancel", "finalize"])
def test_only_the_organizer_or_staff_run_it(tournament, make_player, action):
    refused(api_client_for(make_player()).post(url(tournament, action)), 403, "not_allowed")
    assert Tournament.objects.get(pk=tournament.pk).status == TournamentStatus.REGISTRATION


def test_starting_with_fewer_than_two(tournament, make_player, now):
    services.register(tournament=tournament, player=make_player(100), now=now)
    refused(api_client_for(tournament.organizer).post(url(tournament, "start")), 409, "too_few_players")


@pytest.mark.parametrize("action", ["register", "withdraw", "check-in", "sponsor", "start", "finalize"])
def test_actions_on_a_missing_tournament_are_a_404(make_player, action):
    body = {"coins": 5} if action == "sponsor" else {}
    response = api_client_for(make_player(10)).post(f"/api/v1/tournaments/999999/{action}", body, format="json")
    refused(response, 404, "tournament_not_found")
