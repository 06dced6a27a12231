"""The Challenge button on a profile, the challenge form, and `/challenges/` with its answers and reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.tournaments.models import Challenge
from apps.tournaments.services import challenges
from apps.wallet.audit import audit
from tests.tournaments.challenges_support import add_game_types, challenge, coins, earnings, escrow, player

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def game_types(db):
    add_game_types()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_profile_offers_a_challenge_to_others_only(client):
    ana, bo = player(username="ana"), player(username="bo")
    signed_in(client, ana)
    assert 'href="/challenges/new/?opponent=bo"' in client.get("/u/bo/").text
    assert "/challenges/new/" not in client.get("/u/ana/").text
    challenge(ana, bo, stake=0)
    page = client.get("/u/bo/").text
    assert "Challenge open" in page
    assert "/challenges/new/" not in page


def test_signed_out_the_button_leads_through_sign_in(client):
    player(username="bo")
    assert 'href="/challenges/new/?opponent=bo"' in client.get("/u/bo/").text
    assert client.get("/challenges/new/?opponent=bo").status_code == 302


def test_the_form_sends_a_challenge(client):
    ana, bo = player(1000), player(username="bo")
    signed_in(client, ana)
    assert bo.public_name in client.get("/challenges/new/?opponent=bo").text
    response = client.post(
        "/challenges/new/?opponent=bo", {"game_type": "1V1", "best_of": "3", "stake": "150", "message": "Park, 6pm"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/challenges/"
    made = Challenge.objects.get()
    assert (made.challenger, made.opponent, made.best_of, made.stake, made.message) == (ana, bo, 3, 150, "Park, 6pm")
    assert (coins(ana), escrow()) == (850, 150)
    assert "Challenge sent" in client.get("/challenges/").text
    assert audit() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stake": "500"}, "Not enough coins"),
        ({"stake": "1000001"}, "less than or equal to 1000000"),
        ({"stake": "-1"}, "greater than or equal to 0"),
        ({"best_of": "2"}, "Select a valid choice"),
        ({"message": "x" * 201}, "at most 200 characters"),
    ],
)
def test_the_form_says_what_is_wrong_and_writes_nothing(client, fields, message):
    ana = player(100)
    player(username="bo")
    signed_in(client, ana)
    response = client.post("/challenges/new/?opponent=bo", {"game_type": "1V1", "best_of": "1", "stake": "10"} | fields)
    assert response.status_code == 200
    assert message in response.text
    assert (Challenge.objects.count(), coins(ana)) == (0, 100)


def test_paying_for_a_friend_to_challenge_a_rival(client):
    fan, friend, rival = player(1000), player(username="cal"), player(username="rival")
    signed_in(client, fan)
    form = {"game_type": "1V1", "best_of": "1", "stake": "100", "on_behalf_of": "@Cal"}
    assert client.post("/challenges/new/?opponent=rival", form).status_code == 302
    made = Challenge.objects.get()
    assert (made.challenger, made.opponent, made.challenger_stake_by) == (friend, rival, fan)
    assert (coins(fan), coins(friend), escrow()) == (900, 0, 100)
    assert audit() == []


@pytest.mark.parametrize(
    ("friend", "message"), [("nobody", "No player is called nobody."), ("rival", "cannot challenge yourself")]
)
def test_paying_for_a_friend_who_does_not_exist_or_is_the_rival_writes_nothing(client, friend, message):
    fan = player(1000)
    player(username="rival")
    signed_in(client, fan)
    form = {"game_type": "1V1", "best_of": "1", "stake": "100", "on_behalf_of": friend}
    response = client.post("/challenges/new/?opponent=rival", form)
    assert response.status_code == 200
    assert message in response.text
    assert (Challenge.objects.count(), coins(fan)) == (0, 1000)


def test_the_form_says_why_you_cannot_challenge_yourself_or_an_unknown_player(client):
    ana = player(username="ana")
    signed_in(client, ana)
    assert "You cannot challenge yourself." in client.get("/challenges/new/?opponent=ana").text
    assert client.get("/challenges/new/?opponent=nobody").status_code == 404


def test_the_list_offers_each_player_their_own_answers(client):
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100, message="<b>bring it</b>")
    as_bo = signed_in(client, bo).get("/challenges/").text
    assert f'action="/challenges/{made.pk}/accept/"' in as_bo
    assert f'action="/challenges/{made.pk}/decline/"' in as_bo
    assert f'action="/challenges/{made.pk}/cancel/"' not in as_bo
    assert "&lt;b&gt;bring it&lt;/b&gt;" in as_bo
    as_ana = signed_in(client, ana).get("/challenges/").text
    assert f'action="/challenges/{made.pk}/cancel/"' in as_ana
    assert f'action="/challenges/{made.pk}/accept/"' not in as_ana


def test_accepting_from_the_list(client):
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100)
    page = signed_in(client, bo).post(f"/challenges/{made.pk}/accept/", follow=True).text
    assert "Challenge accepted" in page
    assert "/accept/" not in page
    assert (Challenge.objects.get().status, coins(bo), escrow()) == ("accepted", 900, 200)
    assert audit() == []


def test_a_refused_answer_comes_back_as_a_clear_message(client):
    ana, bo = player(1000), player(10)
    made = challenge(ana, bo, stake=100)
    page = signed_in(client, bo).post(f"/challenges/{made.pk}/accept/", follow=True).text
    assert "Not enough coins for this." in page
    page = signed_in(client, ana).post(f"/challenges/{made.pk}/accept/", follow=True).text
    assert "You cannot accept your own challenge." in page
    assert (Challenge.objects.get().status, coins(bo), escrow()) == ("pending", 10, 100)
    assert signed_in(client, bo).post("/challenges/99999999/decline/").status_code == 404


def test_declining_and_cancelling_from_the_list(client):
    ana, bo = player(1000), player()
    first = challenge(ana, bo, stake=100)
    assert "Challenge declined" in signed_in(client, bo).post(f"/challenges/{first.pk}/decline/", follow=True).text
    second = challenge(ana, bo, stake=100)
    assert "Challenge called off" in signed_in(client, ana).post(f"/challenges/{second.pk}/cancel/", follow=True).text
    assert (coins(ana), escrow()) == (1000, 0)


def test_the_list_filters_by_status(client):
    ana, bo, cy = player(), player(), player()
    waiting = challenge(ana, bo, stake=0)
    challenges_declined = challenge(ana, cy, stake=0)
    signed_in(client, cy).post(f"/challenges/{challenges_declined.pk}/decline/")
    page = signed_in(client, ana).get("/challenges/?status=pending").text
    assert f'id="challenge-{waiting.pk}"' in page
    assert f'id="challenge-{challenges_declined.pk}"' not in page
    assert f'id="challenge-{challenges_declined.pk}"' in client.get("/challenges/?status=bogus").text


def report(client, challenge_id: int, games: list) -> str:
    fields = {}
    for number, (mine, theirs) in enumerate(games, start=1):
        fields |= {f"c{challenge_id}-game{number}_0": mine, f"c{challenge_id}-game{number}_1": theirs}
    return client.post(f"/challenges/{challenge_id}/report/", fields, follow=True).text


def test_both_players_report_from_the_list_and_the_winner_is_paid(client):
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo, stake=100, best_of=3)
    signed_in(client, bo).post(f"/challenges/{made.pk}/accept/")
    page = client.get("/challenges/").text
    assert page.count(f'name="c{made.pk}-game') == 6
    assert "Score reported" in report(client, made.pk, [(9, 11), (11, 4), (3, 11)])
    page = report(signed_in(client, ana), made.pk, [(11, 9), (4, 11), (11, 3)])
    assert "Score reported" in page
    assert f'action="/challenges/{made.pk}/report/"' not in page
    assert (Challenge.objects.get().status, earnings(ana), escrow()) == ("completed", 180, 0)
    assert audit() == []


@pytest.mark.parametrize(
    ("games", "message"),
    [
        ([(11, "")], "Game 1 needs both scores."),
        ([], "Enter the score of at least one game."),
        ([(11, 1001)], "less than or equal to 1000"),
        ([(11, 11)], "every game needs a winner"),
    ],
)
def test_a_report_that_makes_no_result_says_why(client, games, message):
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo)
    signed_in(client, bo).post(f"/challenges/{made.pk}/accept/")
    assert message in report(client, made.pk, games)
    assert Challenge.objects.get().match.status == "ready"


def test_only_players_of_an_accepted_challenge_get_the_report_form(client):
    ana, bo = player(1000), player(1000)
    made = challenge(ana, bo)
    assert "/report/" not in signed_in(client, bo).get("/challenges/").text
    assert "no match to report yet" in report(client, made.pk, [(11, 2)])


def test_the_list_costs_the_same_with_more_challenges(client):
    ana = player(1000)
    signed_in(client, ana)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/challenges/").status_code == 200
        return len(captured)

    first = challenge(ana, player(1000), stake=10)
    challenges.challenge_accept(challenge=first, player=first.opponent)
    challenge(player(), ana, stake=0)
    few = queries_for_the_list()
    for _ in range(4):
        accepted = challenge(ana, player(1000), stake=10)
        challenges.challenge_accept(challenge=accepted, player=accepted.opponent)
        challenge(player(), ana, stake=0)
    assert queries_for_the_list() == few
