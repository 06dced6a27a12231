"""Search (/search/ and `GET /api/v1/search`) and tag pages, on SQLite (contains) and PostgreSQL
(full-text search with ranking): what matches, in which order, what never shows, and bad input."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.streaming import search
from apps.streaming.models import Stream
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/search"


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="stream-card__title"><a href="[^"]+">(.*?)</a></h3>', html)


def found(api_client, q: str, kind: str = "streams", **params) -> list:
    response = api_client.get(API, {"q": q, "type": kind, **params})
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    if kind == "streams":
        return [result["title"] for result in results]
    if kind == "creators":
        return [result["username"] for result in results]
    return [(result["tag"], result["streams"]) for result in results]


def ended(**fields):
    end = fields.pop("ended_at", timezone.now() - timedelta(hours=1))
    return StreamFactory(status="ended", started_at=end - timedelta(hours=1), ended_at=end, **fields)


# --- What matches ---------------------------------------------------------------------------------
def test_streams_match_by_title_tags_and_description(api_client):
    LiveStreamFactory(title="Crossover clinic")
    LiveStreamFactory(title="Sunday run", tags=["crossover", "handles"])
    LiveStreamFactory(title="Court talk", description="We break down the crossover step by step.")
    LiveStreamFactory(title="Free throws", description="Nothing fancy.", tags=["shooting"])
    assert sorted(found(api_client, "crossover")) == ["Court talk", "Crossover clinic", "Sunday run"]
    assert found(api_client, "CROSSOVER clinic") == ["Crossover clinic"]  # every word, any case
    assert found(api_client, "shooting") == ["Free throws"]
    assert found(api_client, "dunk") == []


def test_a_word_may_be_the_start_of_one(api_client):
    LiveStreamFactory(title="Crossover clinic")
    assert found(api_client, "cross") == ["Crossover clinic"]


def test_streams_come_live_then_scheduled_soonest_then_ended_newest(api_client):
    now = timezone.now()
    ended(title="Drill recap old", ended_at=now - timedelta(days=3))
    StreamFactory(title="Drill night later", scheduled_for=now + timedelta(days=2))
    LiveStreamFactory(title="Drill live quiet", current_viewers=2)
    ended(title="Drill recap new", ended_at=now - timedelta(hours=2))
    StreamFactory(title="Drill night sooner", scheduled_for=now + timedelta(hours=2))
    LiveStreamFactory(title="Drill live busy", current_viewers=90)
    StreamFactory(title="Drill cancelled", status="cancelled")
    expected = [
        "Drill live busy",
        "Drill live quiet",
        "Drill night sooner",
        "Drill night later",
        "Drill recap new",
        "Drill recap old",
    ]
    assert found(api_client, "drill") == expected
    html = page(api_client.get("/search/", {"q": "drill", "type": "streams"}))
    assert titles(html) == expected


def test_within_a_group_a_title_match_outranks_a_tag_match_outranks_a_description_match(api_client):
    LiveStreamFactory(title="Court session", description="Footwork for the euro step.", current_viewers=90)
    LiveStreamFactory(title="Pickup run", tags=["footwork"], current_viewers=50)
    LiveStreamFactory(title="Footwork basics", current_viewers=1)
    ended(title="Footwork recap")
    assert found(api_client, "footwork") == ["Footwork basics", "Pickup run", "Court session", "Footwork recap"]


@pytest.mark.postgres
def test_postgresql_ranks_with_stemming_and_weights(api_client):
    LiveStreamFactory(title="Dribble school", current_viewers=1)
    LiveStreamFactory(title="Open gym", description="Dribbling, dribbling and more dribbling.", current_viewers=99)
    # "dribbling" and "dribble" share a stem; the title's weight beats three description mentions.
    assert found(api_client, "dribbling") == ["Dribble school", "Open gym"]
    streams = search.search_streams("dribbling")
    assert streams[0].relevance > streams[1].relevance > 0


@pytest.mark.postgres
def test_postgresql_search_and_tag_pages_can_use_their_indexes():
    """Migration 0008's index expressions are the ones the selectors query (the planner may pick
    another index on a tiny table, so the match alone is asked here, with table scans off)."""
    StreamFactory.create_batch(3, tags=["handles"])
    document = Stream.objects.annotate(document=search.stream_vector())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset, index in (
            (document.filter(document=search.stream_query(["handles"])), "stream_search_document"),
            (Stream.objects.filter(tags__contains=["handles"]), "stream_tags"),  # as streams_tagged asks
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


def test_creators_match_by_username_and_display_name(api_client):
    exact = UserFactory(username="splash")
    UserFactory(username="splashqueen")
    named = UserFactory(username="court_vision")
    named.profile.display_name = "Splash Brother"
    named.profile.save()
    UserFactory(username="hooper")
    assert found(api_client, "splash", "creators") == ["splash", "splashqueen", "court_vision"]
    assert found(api_client, "brother", "creators") == ["court_vision"]
    result = api_client.get(API, {"q": "splash", "type": "creators"}).json()["results"][0]
    assert result == {"id": exact.pk, "username": "splash", "name": "splash", "tier": "UNVERIFIED", "followers": 0}


def test_tags_match_by_prefix_then_contains_most_used_first(api_client):
    StreamFactory(tags=["handles", "ball-handling"])
    StreamFactory(tags=["handles"])
    LiveStreamFactory(tags=["handoff", "ballhandling"])
    assert found(api_client, "hand", "tags") == [
        ("handles", 2),
        ("handoff", 1),
        ("ball-handling", 1),
        ("ballhandling", 1),
    ]
    assert found(api_client, "#HANDL", "tags") == [("handles", 2), ("ball-handling", 1), ("ballhandling", 1)]
    assert found(api_client, "100%", "tags") == []  # LIKE's wildcards are only text


# --- What never shows ---------------------------------------------------------------------------
def test_private_and_unlisted_streams_and_private_profiles_are_never_found(api_client):
    owner = UserFactory(username="secretive")
    LiveStreamFactory(creator=owner, title="Secret drill", tags=["secretsauce"], visibility="private")
    LiveStreamFactory(title="Secret link drill", tags=["secretsauce"], visibility="unlisted")
    hidden = UserFactory(username="hiddenhooper")
    hidden.profile.display_name = "Secret Agent"
    hidden.profile.profile_visibility = "PRIVATE"
    hidden.profile.save()
    api_client.force_authenticate(owner)  # not even for their creator: search lists what /live/ lists
    assert found(api_client, "secret") == []
    assert found(api_client, "secretsauce", "tags") == []
    assert found(api_client, "hiddenhooper", "creators") == []
    assert found(api_client, "agent", "creators") == []
    assert "Secret" not in page(api_client.get("/search/", {"q": "secret"}))
    assert titles(page(api_client.get("/tags/secretsauce/"))) == []


# --- Bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"q": "drill", "type": "videos"},
        {"q": "drill", "type": ""},
        {"q": "drill", "limit": "0"},
        {"q": "drill", "limit": "101"},
        {"q": "drill", "page": "0"},
        {"q": "x" * (search.QUERY_MAX_LENGTH + 1)},
        {"q": "   "},
        {"q": ""},
        {},
    ],
    ids=["type", "empty-type", "limit-0", "limit-101", "page-0", "overlong-q", "blank-q", "empty-q", "no-q"],
)
def test_bad_search_input_is_a_400_with_a_code(api_client, params):
    response = api_client.get(API, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"]


def test_nul_in_the_query_is_a_400(api_client, client):
    response = api_client.get(API + "?q=a%00b")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_text")
    assert client.get("/search/?q=a%00b").status_code == 400


def test_a_query_at_its_limit_is_taken_and_trimmed(api_client):
    LiveStreamFactory(title="Drill")
    assert found(api_client, "  drill  ") == ["Drill"]
    assert found(api_client, "x" * search.QUERY_MAX_LENGTH) == []


def test_the_api_pages_its_results(api_client):
    LiveStreamFactory.create_batch(3, title="Drill")
    body = api_client.get(API, {"q": "drill", "limit": 2, "page": 2}).json()
    assert (body["count"], body["page"], body["limit"], len(body["results"])) == (3, 2, 2, 1)
    assert api_client.get(API, {"q": "drill", "limit": 2, "page": 3}).status_code == 404


# --- The page -----------------------------------------------------------------------------------
def test_search_page_shows_streams_creators_and_tags(client):
    LiveStreamFactory(title="Handles at dawn", tags=["handles"])
    UserFactory(username="handlesking")
    html = page(client.get("/search/", {"q": "handles"}))
    assert titles(html) == ["Handles at dawn"]
    assert reverse("accounts:profile", args=["handlesking"]) in html
    assert '<a href="/tags/handles/">#handles</a> <span class="muted">1 stream</span>' in html
    assert '<a href="/search/?q=handles" aria-current="page">All</a>' in html
    assert 'value="handles"' in html


def test_search_page_says_what_is_missing_and_falls_back_on_bad_input(client):
    html = page(client.get("/search/", {"q": "zzz"}))
    assert "No streams match “zzz”." in html
    assert "No tags match “zzz”." in html
    assert "Look for streams by their title" in page(client.get("/search/"))
    LiveStreamFactory(title="Drill")
    assert titles(page(client.get("/search/", {"q": "drill", "type": "videos", "page": "x"}))) == ["Drill"]


def test_search_page_sees_more_on_a_type_tab_with_pages(client):
    LiveStreamFactory.create_batch(30, title="Drill")
    html = page(client.get("/search/", {"q": "drill"}))
    assert len(titles(html)) == 12
    assert '<a href="/search/?q=drill&amp;type=streams">See all streams</a>' in html
    second = page(client.get("/search/", {"q": "drill", "type": "streams", "page": 2}))
    assert len(titles(second)) == 6
    assert "Page 2 of 2" in second
    assert 'href="/search/?q=drill&amp;type=streams" rel="prev"' in second


def test_htmx_gets_the_results_alone(client):
    LiveStreamFactory(title="Drill")
    response = client.get("/search/", {"q": "drill"}, HTTP_HX_REQUEST="true")
    html = page(response)
    assert titles(html) == ["Drill"]
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_search_page_query_count_does_not_grow_with_results(client, django_assert_num_queries):
    client.force_login(UserFactory())

    def add(n):
        for i in range(n):
            creator = UserFactory(username=f"driller{n}x{i}")
            LiveStreamFactory(creator=creator, title="Drill", tags=[f"drill{n}{i}"])

    add(2)
    # Streams, creators and tags, one query each; the header's session, user, profile, coins and
    # unread notification count.
    with django_assert_num_queries(8):
        page(client.get("/search/", {"q": "drill"}))
    add(10)
    with django_assert_num_queries(8):
        html = page(client.get("/search/", {"q": "drill"}))
    assert len(titles(html)) == 12


@pytest.mark.parametrize(("kind", "queries"), [("streams", 2), ("creators", 2), ("tags", 2)])
def test_search_api_query_count_does_not_grow_with_results(api_client, django_assert_num_queries, kind, queries):
    def add(n):
        for i in range(n):
            LiveStreamFactory(creator=UserFactory(username=f"driller{n}x{i}"), title="Drill", tags=[f"drill{n}{i}"])

    add(2)
    # A count for the page object, then the page.
    with django_assert_num_queries(queries):
        assert len(found(api_client, "drill", kind)) == 2
    add(10)
    with django_assert_num_queries(queries):
        assert len(found(api_client, "drill", kind)) == 12


# --- Tag pages ----------------------------------------------------------------------------------
def test_tag_page_lists_live_scheduled_and_recent_streams_with_the_tag(client):
    LiveStreamFactory(title="Live handles", tags=["handles"])
    StreamFactory(
        title="Handles tomorrow", tags=["handles", "drills"], scheduled_for=timezone.now() + timedelta(days=1)
    )
    ended(title="Handles last week", tags=["handles"])
    LiveStreamFactory(title="Other live", tags=["handles-2", "shooting"])
    LiveStreamFactory(title="Hidden handles", tags=["handles"], visibility="private")
    html = page(client.get("/tags/handles/"))
    assert titles(html) == ["Live handles", "Handles tomorrow", "Handles last week"]
    assert re.findall(r'<h2 id="tag-group-\d">(.*?)</h2>', html) == ["Live now", "Scheduled", "Recent"]
    assert "<h1>#handles</h1>" in html


def test_tag_page_of_an_unused_tag_says_so(client):
    html = page(client.get("/tags/no-such-tag/"))
    assert "No streams are tagged #no-such-tag yet." in html


def test_tag_page_addresses(client):
    LiveStreamFactory(title="Step back", tags=["step back", "1v1"])
    assert titles(page(client.get("/tags/step%20back/"))) == ["Step back"]
    redirect = client.get("/tags/%231V1/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/tags/1v1/")
    assert client.get("/tags/" + "x" * 31 + "/").status_code == 404
    assert client.get("/tags/a%01b/").status_code == 404
    assert client.get("/tags/a%00b/").status_code == 400


def test_tags_on_cards_and_the_watch_page_link_to_their_tag_page(client):
    stream = LiveStreamFactory(title="Step back", tags=["step back", "1v1"])
    link = '<a href="/tags/step%20back/">#step back</a>'
    assert link in page(client.get("/live/"))
    assert link in page(client.get(reverse("streaming:watch", args=[stream.pk])))


def test_tag_page_query_count_does_not_grow_with_streams(client, django_assert_num_queries):
    LiveStreamFactory.create_batch(2, tags=["handles"])
    with django_assert_num_queries(1):
        page(client.get("/tags/handles/"))
    LiveStreamFactory.create_batch(5, tags=["handles"])
    with django_assert_num_queries(1):
        assert len(titles(page(client.get("/tags/handles/")))) == 7


@pytest.mark.parametrize("q", ["_", "a", "the", "don't", "ñandú", "1v1", "x:y", "&|!()", "'*'", "\\", "%_", "a" * 100])
def test_any_query_within_bounds_is_answered(api_client, q):
    LiveStreamFactory(title="Ñandú 1v1 run", tags=["1v1"])
    for kind in search.TYPES:
        assert api_client.get(API, {"q": q, "type": kind}).status_code == 200
    assert api_client.get("/search/", {"q": q}).status_code == 200
