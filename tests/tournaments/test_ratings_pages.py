"""The leaderboard pages and the profile's rating card: what they show, and the leaderboard's read pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import AthleteProfile
from apps.tournaments.models import Rating
from apps.tournaments.services.ratings import rating_apply
from tests.factories import UserFactory
from tests.tournaments.ratings_support import RatingFactory, challenge_match, game_type, play

pytestmark = pytest.mark.django_db

# The leaderboard page's whole read for a signed-in viewer: the session and user, the nav (profile,
# coin balance, unread notifications), the game types, the count and the page of ratings with their
# players and profiles. A change that adds one (an N+1 above all) must say why here.
LEADERBOARD_PAGE_QUERIES = 8


def test_the_leaderboards_page_shows_the_first_game_types_established_ratings(client):
    top = RatingFactory(rating=1850, deviation=50, wins=10, losses=2, current_streak=4)
    RatingFactory(rating=1700, current_streak=-2)
    provisional = RatingFactory(rating=1990, deviation=200)

    response = client.get("/leaderboards/")

    assert response.status_code == 200
    page = response.content.decode()
    assert [tab.label for tab in response.context["tabs"]] == ["1v1", "Free-throw contest", "Three-point contest"]
    assert response.context["tabs"][0].is_current
    assert "1850 ± 100" in page
    assert "10–2" in page
    assert ">W4<" in page
    assert ">L2<" in page
    assert f'href="/u/{top.player.username}/"' in page
    assert provisional.player.username not in page


def test_the_leaderboards_page_opens_on_the_first_game_type_anyone_is_ranked_in(client):
    RatingFactory(rating=1777, game_type=game_type("FREE_THROW"))
    RatingFactory(rating=1999, deviation=200)  # 1v1: provisional, not ranked

    response = client.get("/leaderboards/")

    assert response.context["game_type"].code == "FREE_THROW"
    assert response.context["tabs"][1].is_current
    assert "1777 ± 160" in response.content.decode()


def test_a_game_types_page_and_an_unknown_one(client):
    RatingFactory(rating=1777, game_type=game_type("FREE_THROW"))

    response = client.get("/leaderboards/free_throw/")

    assert response.status_code == 200
    assert "1777 ± 160" in response.content.decode()
    assert response.context["tabs"][1].is_current
    assert client.get("/leaderboards/chess/").status_code == 404
    assert "No established" in client.get("/leaderboards/three_point/").content.decode()


def test_a_long_leaderboard_has_pages(client):
    RatingFactory.create_batch(51)

    first = client.get("/leaderboards/1v1/")
    second = client.get("/leaderboards/1v1/?page=2")

    assert first.context["next_url"] == "/leaderboards/1v1/?page=2"
    assert [row.place for row in second.context["page_obj"]] == [51]
    assert client.get("/leaderboards/1v1/?page=nonsense").status_code == 200


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as read:
        assert client.get("/leaderboards/1v1/").status_code == 200
    return len(read.captured_queries)


def test_the_leaderboard_page_reads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    RatingFactory.create_batch(2)
    few = _queries(client)
    RatingFactory.create_batch(30)

    with django_assert_max_num_queries(LEADERBOARD_PAGE_QUERIES):
        assert client.get("/leaderboards/1v1/").status_code == 200
    assert _queries(client) == few


def test_the_profile_shows_the_rating_card_with_a_history_chart(client):
    ana = UserFactory()
    play(ana, UserFactory())
    play(ana, UserFactory())
    play(UserFactory(), ana)

    page = client.get(f"/u/{ana.username}/").content.decode()

    assert 'id="ratings"' in page
    assert "<polyline" in page
    assert "1500? ± 700" in page  # the game types not played yet
    assert "data-win-rate>67%" in page
    assert "data-longest-streak>2" in page


def test_a_private_profile_shows_no_rating_card(client):
    ana = UserFactory()
    AthleteProfile.objects.filter(user=ana).update(profile_visibility="PRIVATE")

    assert 'id="ratings"' not in client.get(f"/u/{ana.username}/").content.decode()


def test_the_rating_card_reads_the_same_however_many_game_types_were_played(client):
    ana = UserFactory()
    play(ana, UserFactory())
    one = _card_queries(client, ana)
    for code in ("FREE_THROW", "THREE_POINT"):
        for _ in range(3):
            rating_apply(match=challenge_match(ana, UserFactory(), code=code))

    assert _card_queries(client, ana) == one


def _card_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as read:
        page = client.get(f"/u/{user.username}/").content.decode()
    assert page.count("<polyline") == Rating.objects.filter(player=user).count()
    return len(read.captured_queries)
