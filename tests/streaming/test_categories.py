"""Categories are rows staff add in the admin: the go-live form, /live/'s filter and the API offer the
active ones, and name them by slug as they always have."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from apps.streaming import services
from apps.streaming.errors import StreamInvalid
from apps.streaming.models import Category, Stream
from tests.factories import UserFactory
from tests.streaming.factories import CategoryFactory, LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db

FORMER_CHOICES = ["TOURNAMENT", "PRACTICE", "CHALLENGE", "COACHING", "COMMUNITY"]


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_former_choices_are_rows_in_their_order():
    assert list(Category.objects.values_list("slug", flat=True)) == FORMER_CHOICES


def test_a_category_staff_add_in_the_admin_is_offered_to_creators_and_in_the_live_filter(staff_client, client):
    added = staff_client.post(
        "/admin/streaming/category/add/", {"name": "Dunk contest", "slug": "dunk-contest", "order": 9, "active": "on"}
    )
    assert added.status_code == 302
    creator = UserFactory()
    client.force_login(creator)
    assert '<option value="dunk-contest">Dunk contest</option>' in page(client.get("/creator/go-live/"))
    posted = client.post(
        "/creator/go-live/",
        {"title": "Slam night", "category": "dunk-contest", "visibility": "public", "action": "live"},
    )
    assert posted.status_code == 302
    assert Stream.objects.get(creator=creator).category_id == "dunk-contest"
    LiveStreamFactory(title="A practice")
    html = page(client.get("/live/?category=dunk-contest"))
    assert '<a href="/live/?category=dunk-contest" aria-current="page">Dunk contest</a>' in html
    assert "Slam night" in html
    assert "A practice" not in html


def test_an_inactive_category_is_not_offered_and_not_taken(client, api_client):
    CategoryFactory(slug="retired", name="Retired", active=False)
    creator = UserFactory()
    client.force_login(creator)
    assert "Retired" not in page(client.get("/creator/go-live/"))
    assert "Retired" not in page(client.get("/live/"))
    with pytest.raises(StreamInvalid):
        services.stream_create(creator=creator, title="Old", category="retired")
    api_client.force_authenticate(creator)
    response = api_client.post("/api/v1/streams", {"title": "Old", "category": "retired"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert api_client.get("/api/v1/streams?category=retired").status_code == 400


def test_a_category_keeps_its_slug_and_is_not_deleted_while_streams_use_it(staff_client):
    category = CategoryFactory(slug="streetball", name="Streetball")
    StreamFactory(category="streetball")
    form = page(staff_client.get(f"/admin/streaming/category/{category.pk}/change/"))
    assert 'name="slug"' not in form
    with pytest.raises(ProtectedError):
        category.delete()


def test_the_api_names_categories_by_slug(api_client):
    CategoryFactory(slug="dunk-contest", name="Dunk contest", order=9)
    CategoryFactory(slug="retired", name="Retired", active=False)
    listed = api_client.get("/api/v1/categories").json()
    assert listed[-1] == {"slug": "dunk-contest", "name": "Dunk contest"}
    assert [row["slug"] for row in listed] == [*FORMER_CHOICES, "dunk-contest"]
    api_client.force_authenticate(UserFactory())
    created = api_client.post("/api/v1/streams", {"title": "Slams", "category": "dunk-contest"}, format="json")
    assert (created.status_code, created.json()["category"]) == (201, "dunk-contest")
    assert api_client.post("/api/v1/streams", {"title": "Default"}, format="json").json()["category"] == "PRACTICE"


@pytest.mark.django_db(transaction=True)
def test_migration_0006_makes_a_row_for_every_value_streams_hold_and_0007_keys_them():
    creator = UserFactory()
    before = [("streaming", "0005_gift_totals_moved_to_gifting")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("streaming", "Stream")
    coaching = old.objects.create(creator_id=creator.pk, title="Coaching", category="COACHING")
    dance = old.objects.create(creator_id=creator.pk, title="Off the books", category="DANCE_OFF")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert list(Category.objects.values_list("slug", "name")) == [
        ("TOURNAMENT", "Tournament"),
        ("PRACTICE", "Practice"),
        ("CHALLENGE", "Challenge"),
        ("COACHING", "Coaching"),
        ("COMMUNITY", "Community"),
        ("DANCE_OFF", "Dance Off"),
    ]
    assert Stream.objects.get(pk=coaching.pk).category.name == "Coaching"
    assert Stream.objects.get(pk=dance.pk).category.name == "Dance Off"
