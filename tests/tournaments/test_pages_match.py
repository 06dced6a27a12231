"""A match's page: both players, best-of, stream, history, and its players' report form."""

import pytest
from django.utils import timezone

from apps.streaming.models import Stream
from apps.tournaments.models import Format, MatchEventKind, MatchReport
from apps.tournaments.services import matches
from tests.factories import UserFactory
from tests.tournaments.pages_data import start, tournament_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def final():
    """Two players, one best-of-3 match, ready."""
    tournament = tournament_with(2, format=Format.SINGLE_ELIMINATION, best_of=3, final_best_of=3)
    start(tournament)
    return tournament.matches.get()


def _url(match, action=""):
    return f"/tournaments/{match.tournament_id}/matches/{match.pk}/{action}"


def test_a_match_of_another_tournament_is_404(client, final):
    other = tournament_with(2)
    assert client.get(f"/tournaments/{other.pk}/matches/{final.pk}/").status_code == 404


def test_the_page_shows_both_players_and_the_best_of(client, final):
    html = client.get(_url(final)).content.decode()
    assert final.player1.public_name in html
    assert final.player2.public_name in html
    assert "Best of 3" in html


def test_its_players_get_a_report_form_with_a_row_per_game(client, final):
    client.force_login(final.player1)
    form = client.get(_url(final)).context["report_form"]
    assert [number for number, _ in form.rows] == [1, 2, 3]
    client.force_login(UserFactory())
    assert client.get(_url(final)).context["report_form"] is None


def test_reporting_from_the_page(client, final):
    client.force_login(final.player1)
    data = {"game1_0": "21", "game1_1": "10", "game2_0": "21", "game2_1": "18"}
    response = client.post(_url(final, "report/"), data)
    assert response.status_code == 302
    assert MatchReport.objects.get(match=final, reporter=final.player1).games == [[21, 10], [21, 18]]
    assert "You reported 21–10, 21–18" in client.get(_url(final)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the score of at least one game."),
        ({"game1_0": "21"}, "Game 1 needs both scores."),
        ({"game1_0": "21", "game1_1": "9", "game3_0": "21", "game3_1": "9"}, "Game 3 comes after an empty game"),
    ],
)
def test_rows_that_make_no_games_are_form_errors(client, final, data, message):
    client.force_login(final.player1)
    response = client.post(_url(final, "report/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MatchReport.objects.exists()


def test_a_score_out_of_bounds_is_a_field_error(client, final):
    client.force_login(final.player1)
    response = client.post(_url(final, "report/"), {"game1_0": "1001", "game1_1": "3"})
    assert response.status_code == 400
    assert response.context["report_form"].errors["game1_0"]


def test_reporting_for_someone_elses_match_shows_the_services_error(client, final):
    client.force_login(UserFactory())
    response = client.post(_url(final, "report/"), {"game1_0": "21", "game1_1": "3", "game2_0": "21", "game2_1": "3"})
    assert response.status_code == 400
    assert response.context["report_form"].non_field_errors()
    assert not MatchReport.objects.exists()


def test_a_live_player_attaches_their_stream(client, final):
    stream = Stream.objects.create(creator=final.player1, title="Court 1", status="live", started_at=timezone.now())
    client.force_login(final.player1)
    assert "Attach my live stream" in client.get(_url(final)).content.decode()
    assert client.post(_url(final, "attach-stream/")).status_code == 302
    final.refresh_from_db()
    assert final.stream == stream
    assert "Watch live" in client.get(_url(final)).content.decode()


def test_attaching_without_being_live_says_so(client, final):
    client.force_login(final.player1)
    response = client.post(_url(final, "attach-stream/"))
    assert response.status_code == 400
    assert "go live first" in response.content.decode()
    final.refresh_from_db()
    assert final.stream is None


def test_the_history_lists_what_happened(client, final):
    matches.match_report(match=final, reporter=final.player1, games=[[21, 3], [21, 4]])
    history = client.get(_url(final)).context["match"].events
    assert [event.kind for event in history][-1] == MatchEventKind.REPORTED
    assert "Reported" in client.get(_url(final)).content.decode()


def test_only_the_organizer_gets_the_forfeit_form(client, final):
    client.force_login(final.player1)
    assert "Record the forfeit" not in client.get(_url(final)).content.decode()
    client.force_login(final.tournament.organizer)
    assert "Record the forfeit" in client.get(_url(final)).content.decode()


def test_a_decided_match_offers_no_forfeit(client, final):
    matches.match_forfeit(match=final, by=final.tournament.organizer, player_id=final.player1_id, reason="No show")
    client.force_login(final.tournament.organizer)
    assert "Record the forfeit" not in client.get(_url(final)).content.decode()


def test_the_organizer_records_a_forfeit(client, final):
    client.force_login(final.tournament.organizer)
    data = {"forfeit-player": final.player1_id, "forfeit-reason": "Did not show up"}
    response = client.post(_url(final, "forfeit/"), data)
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.winner == final.player2
    assert final.decision == "forfeit"


def test_a_disqualification_from_the_match_page(client):
    tournament = tournament_with(4, format=Format.DOUBLE_ELIMINATION)
    start(tournament)
    first = tournament.matches.get(code="W1-M1")
    client.force_login(tournament.organizer)
    data = {"forfeit-player": first.player1_id, "forfeit-reason": "Unsporting", "forfeit-disqualify": "on"}
    assert client.post(_url(first, "forfeit/"), data).status_code == 302
    assert tournament.entries.get(player=first.player1).disqualified


def test_a_forfeit_without_a_reason_or_by_a_player_is_refused_on_the_page(client, final):
    client.force_login(final.tournament.organizer)
    response = client.post(_url(final, "forfeit/"), {"forfeit-player": final.player1_id, "forfeit-reason": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    client.force_login(final.player2)
    refused = client.post(_url(final, "forfeit/"), {"forfeit-player": final.player1_id, "forfeit-reason": "Mine"})
    assert refused.status_code == 400
    assert "Only the organizer or a moderator" in refused.content.decode()
    final.refresh_from_db()
    assert final.winner is None


def test_settling_with_the_winner_only(client, final):
    matches.match_report(match=final, reporter=final.player1, games=[[11, 2], [11, 2]])
    matches.match_report(match=final, reporter=final.player2, games=[[11, 2], [11, 2]])
    settled = matches.match_settle(
        match=final, by=final.tournament.organizer, winner_id=final.player2_id, games=[], reason="Seen on stream"
    )
    assert settled.winner == final.player2
    assert settled.games == []
