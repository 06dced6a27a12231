"""A tournament's page: what it tells (rules, fee, prize split, players), its forms and their errors,
the organizer's controls and queue, and the bracket."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.tournaments.models import Entry, EntryStatus, Format, Match, MatchStatus, Sponsorship
from apps.tournaments.services import entries, matches
from tests.factories import UserFactory
from tests.tournaments.pages_data import play, play_round, start, tournament_with

pytestmark = pytest.mark.django_db


def _page(client, tournament):
    return client.get(f"/tournaments/{tournament.pk}/")


def test_an_unknown_tournament_is_404(client):
    assert client.get("/tournaments/999999/").status_code == 404


def test_the_page_shows_rules_fee_split_and_players(client):
    tournament = tournament_with(
        2, description="Play to 21, win by 2.", entry_fee=80, verified_only=True, prize_split=[70, 30], capacity=8
    )
    html = _page(client, tournament).content.decode()
    assert "Play to 21, win by 2." in html
    assert "100 coins" in html
    assert "1.25× the 80-coin fee" in html
    assert "70%" in html
    assert "30%" in html
    for entry in tournament.entries.select_related("player"):
        assert entry.player.public_name in html
    assert "1500? ± 700" in html  # a player never rated
    assert "Verified only" in html


def test_registering_from_the_page(client):
    tournament = tournament_with(1)
    me = UserFactory()
    client.force_login(me)
    assert b">Register" in _page(client, tournament).content
    response = client.post(f"/tournaments/{tournament.pk}/register/")
    assert response.status_code == 302
    assert Entry.objects.get(tournament=tournament, player=me).status == EntryStatus.REGISTERED
    html = _page(client, tournament).content.decode()
    assert ">Register" not in html
    assert "Withdraw" in html


def test_registering_twice_shows_the_services_error(client):
    tournament = tournament_with(1)
    me = UserFactory()
    client.force_login(me)
    client.post(f"/tournaments/{tournament.pk}/register/")
    response = client.post(f"/tournaments/{tournament.pk}/register/")
    assert response.status_code == 400
    assert response.context["entry_error"] in response.content.decode()
    assert Entry.objects.filter(tournament=tournament, player=me).count() == 1


def test_paying_someone_elses_entry(client):
    tournament = tournament_with(1)
    friend, me = UserFactory(username="friend"), UserFactory()
    client.force_login(me)
    response = client.post(f"/tournaments/{tournament.pk}/gift-entry/", {"gift-username": "@Friend"})
    assert response.status_code == 302
    entry = Entry.objects.get(tournament=tournament, player=friend)
    assert entry.paid_by == me


def test_paying_the_entry_of_nobody_is_a_form_error(client):
    tournament = tournament_with(1)
    client.force_login(UserFactory())
    response = client.post(f"/tournaments/{tournament.pk}/gift-entry/", {"gift-username": "nobody-here"})
    assert response.status_code == 400
    assert response.context["gift_form"].errors["username"] == ["There is no player with that username."]
    assert tournament.entries.count() == 1


@pytest.mark.parametrize("coins", ["0", "-5", "1000001", "lots"])
def test_a_sponsorship_out_of_bounds_is_a_form_error(client, coins):
    tournament = tournament_with(1)
    client.force_login(UserFactory())
    response = client.post(f"/tournaments/{tournament.pk}/sponsor/", {"sponsor-coins": coins})
    assert response.status_code == 400
    assert response.context["sponsor_form"].errors["coins"]
    assert not Sponsorship.objects.exists()


def test_only_the_organizer_sees_the_controls(client):
    tournament = tournament_with(2)
    client.force_login(UserFactory())
    assert b">Start</button>" not in _page(client, tournament).content
    client.force_login(tournament.organizer)
    assert b">Start</button>" in _page(client, tournament).content


def test_starting_as_someone_else_is_refused_on_the_page(client):
    tournament = tournament_with(2)
    client.force_login(UserFactory())
    response = client.post(f"/tournaments/{tournament.pk}/start/")
    assert response.status_code == 400
    assert response.context["organizer_error"] == "Only the organizer can do this."
    assert "Only the organizer can do this." in response.content.decode()
    assert not tournament.matches.exists()


def test_starting_with_one_player_shows_why_in_the_organizers_panel(client):
    tournament = tournament_with(1)
    client.force_login(tournament.organizer)
    response = client.post(f"/tournaments/{tournament.pk}/start/")
    assert response.status_code == 400
    html = response.content.decode()
    panel = html[html.index('id="organizer-heading"') :]
    assert response.context["organizer_error"] in panel
    assert not tournament.matches.exists()


def test_the_unknown_action_is_404(client):
    tournament = tournament_with(2)
    client.force_login(tournament.organizer)
    assert client.post(f"/tournaments/{tournament.pk}/explode/").status_code == 404


# --- The bracket ------------------------------------------------------------------------------------
@pytest.fixture
def double_elimination():
    """16 players, double elimination with a reset; the winners' first round played."""
    tournament = tournament_with(16, grand_final="reset")
    start(tournament)
    play_round(tournament, "winners", 1)
    return tournament


def test_the_bracket_names_rounds_and_stages(client, double_elimination):
    html = _page(client, double_elimination).content.decode()
    for name in (
        "Winners&#x27; bracket",
        "Losers&#x27; bracket",
        "Grand final",
        "Winners&#x27; Final",
        "Losers&#x27; Final",
    ):
        assert name in html
    assert "Loser of W2-M" in html  # an empty losers' slot says who will fill it


def test_a_started_tournament_says_when_it_started(client, double_elimination):
    assert "Started <time" in _page(client, double_elimination).content.decode()
    assert "Started" in client.get("/tournaments/?tab=live").content.decode()


def test_match_status_shows_as_words(client, double_elimination):
    html = _page(client, double_elimination).content.decode()
    assert 'bm-status--done" data-status>Done<' in html
    assert 'bm-status--ready" data-status>Ready<' in html
    assert 'bm-status--waiting" data-status>Waiting<' in html


def test_the_reset_is_drawn_hidden_until_needed(client, double_elimination):
    reset = double_elimination.matches.get(conditional=True)
    html = _page(client, double_elimination).content.decode()
    assert f'hidden data-match-slot="{reset.pk}"' in html


def test_the_viewers_own_path_is_highlighted(client, double_elimination):
    match = double_elimination.matches.filter(bracket="winners", round=2).first()
    client.force_login(match.player1)
    response = _page(client, double_elimination)
    mine = [m.id for stage in response.context["bracket"].stages for r in stage.rounds for m in r.matches if m.is_mine]
    assert match.pk in mine
    assert all(match.player1_id in Match.objects.get(pk=pk).players for pk in mine)
    assert "bm--mine" in response.content.decode()


def test_a_streamed_match_offers_watch_live(client, double_elimination, django_user_model):
    from apps.streaming.models import Stream

    match = double_elimination.matches.filter(status=MatchStatus.READY).first()
    stream = Stream.objects.create(creator=match.player1, title="Court 1", status="live", started_at=timezone.now())
    matches.match_attach_stream(match=match, by=match.player1, stream=stream)
    html = _page(client, double_elimination).content.decode()
    assert f'href="/streams/{stream.pk}/" data-watch>Watch live' in html


def test_the_bracket_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries, double_elimination):
    client.force_login(double_elimination.organizer)
    with django_assert_max_num_queries(16) as counted:
        response = _page(client, double_elimination)
    assert response.status_code == 200
    play_round(double_elimination, "winners", 2)
    play_round(double_elimination, "losers", 1)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        _page(client, double_elimination)


# --- The organizer's queue --------------------------------------------------------------------------
def _disputed_final():
    """Two players, one match, and they report different scores."""
    tournament = tournament_with(2, format=Format.SINGLE_ELIMINATION)
    start(tournament)
    match = tournament.matches.get()
    matches.match_report(match=match, reporter=match.player1, games=[[21, 15]])
    match.refresh_from_db()
    matches.match_report(match=match, reporter=match.player2, games=[[21, 19]])
    match.refresh_from_db()
    return tournament, match


def test_a_disputed_match_is_in_the_organizers_queue_with_both_reports(client):
    tournament, match = _disputed_final()
    client.force_login(tournament.organizer)
    response = _page(client, tournament)
    html = response.content.decode()
    assert [m.pk for m, _ in response.context["queue"]] == [match.pk]
    assert f"{match.player1.public_name}'s report" in html
    assert f"{match.player2.public_name}'s report" in html
    assert "21–15" in html
    assert "19–21" in html  # kept from the first player's side
    assert f"Settle {match.code}" in html
    client.force_login(match.player1)
    assert not _page(client, tournament).context["queue"]


def test_the_organizer_settles_a_dispute_from_the_queue(client):
    tournament, match = _disputed_final()
    client.force_login(tournament.organizer)
    prefix = f"settle-{match.pk}"
    data = {
        f"{prefix}-winner": match.player2_id,
        f"{prefix}-game1_0": "19",
        f"{prefix}-game1_1": "21",
        f"{prefix}-reason": "The stream shows 21-19 for the second player.",
    }
    response = client.post(f"/tournaments/{tournament.pk}/matches/{match.pk}/settle/", data)
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.winner, match.games) == (MatchStatus.DONE, match.player2, [[19, 21]])
    assert not _page(client, tournament).context["queue"]


def test_settling_without_a_reason_is_a_form_error(client):
    tournament, match = _disputed_final()
    client.force_login(tournament.organizer)
    prefix = f"settle-{match.pk}"
    data = {f"{prefix}-winner": match.player1_id, f"{prefix}-game1_0": "21", f"{prefix}-game1_1": "15"}
    response = client.post(f"/tournaments/{tournament.pk}/matches/{match.pk}/settle/", data)
    assert response.status_code == 400
    ((_queued, form),) = response.context["queue"]
    assert form.errors["reason"]
    match.refresh_from_db()
    assert match.status == MatchStatus.DISPUTED


# --- Standings and results --------------------------------------------------------------------------
def test_a_round_robin_shows_its_standings(client):
    tournament = tournament_with(3, format=Format.ROUND_ROBIN)
    start(tournament)
    play_round(tournament, "round_robin", 1)
    response = _page(client, tournament)
    html = response.content.decode()
    assert response.context["bracket"].standings
    assert "data-standings" in html
    assert ">W<" in html
    assert ">L<" in html
    assert "Buchholz" not in html


def test_a_swiss_shows_buchholz(client):
    tournament = tournament_with(4, format=Format.SWISS, swiss_rounds=2)
    start(tournament)
    play_round(tournament, "swiss", 1)
    html = _page(client, tournament).content.decode()
    assert "Buchholz" in html


def test_final_results_come_above_the_bracket_once_finalized(client):
    tournament = tournament_with(2, format=Format.SINGLE_ELIMINATION)
    start(tournament)
    final = tournament.matches.get()
    play(final)
    entries.finalize(tournament=tournament, by=tournament.organizer)
    final.refresh_from_db()
    html = _page(client, tournament).content.decode()
    assert html.index("Final results") < html.index('id="bracket"')
    results = html[html.index("Final results") : html.index('id="bracket"')]
    assert results.index(final.winner.public_name) < results.index(final.loser.public_name)
    assert "1st" in results
    assert "2nd" in results


# --- Check-in and the waiting list ------------------------------------------------------------------
def test_before_the_window_the_page_says_when_check_in_opens(client):
    tournament = tournament_with(2, check_in_minutes=30)
    client.force_login(tournament.entries.first().player)
    response = _page(client, tournament)
    assert not response.context["may_check_in"]
    assert "Check-in opens 30 minutes before the start" in response.content.decode()


def test_checking_in_during_the_window(client):
    tournament = tournament_with(2, check_in_minutes=30, start_at=timezone.now() + timedelta(minutes=10))
    entry = tournament.entries.first()
    client.force_login(entry.player)
    assert b">Check in</button>" in _page(client, tournament).content
    assert client.post(f"/tournaments/{tournament.pk}/check-in/").status_code == 302
    entry.refresh_from_db()
    assert entry.checked_in_at is not None


def test_a_full_tournament_offers_the_waiting_list(client):
    tournament = tournament_with(3, capacity=3)
    me = UserFactory()
    client.force_login(me)
    assert b"Join the waiting list" in _page(client, tournament).content
    response = client.post(f"/tournaments/{tournament.pk}/register/", follow=True)
    assert "you are on the waiting list" in response.content.decode()
    assert Entry.objects.get(tournament=tournament, player=me).status == EntryStatus.WAITING
