"""`/api/v1/moderation/channels/{creator_id}/blocked-terms` and `.../automod`."""

import pytest

from apps.restrictions.automod import check_message
from apps.restrictions.models import AuditEntry, ChannelModerator, ChannelSafety, Term
from tests.factories import UserFactory, api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator():
    return UserFactory()


@pytest.fixture
def moderator_api(creator):
    user = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=user)
    return api_client_for(user)


def terms_url(creator, suffix=""):
    return f"/api/v1/moderation/channels/{creator.pk}/blocked-terms{suffix}"


def test_a_moderator_adds_lists_and_removes_terms(creator, moderator_api):
    response = moderator_api.post(terms_url(creator), {"term": "N00b*"}, format="json")
    assert response.status_code == 201, response.json()
    blocked = response.json()
    assert (blocked["term"], blocked["kind"], blocked["expires_at"]) == ("n00b*", "blocked", None)
    response = moderator_api.post(
        terms_url(creator), {"term": "gg", "kind": "permitted", "expires_at": "2099-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 201
    assert check_message(creator.pk, "noobs") is not None

    listed = moderator_api.get(terms_url(creator)).json()
    assert [(t["term"], t["kind"]) for t in listed] == [("n00b*", "blocked"), ("gg", "permitted")]
    assert [t["term"] for t in moderator_api.get(terms_url(creator), {"kind": "permitted"}).json()] == ["gg"]

    assert moderator_api.delete(terms_url(creator, f"/{blocked['id']}")).status_code == 204
    assert check_message(creator.pk, "noobs") is None
    permitted_id = listed[1]["id"]
    assert moderator_api.delete(terms_url(creator, f"?id={permitted_id}")).status_code == 204
    assert not Term.objects.exists()
    assert AuditEntry.objects.count() == 4


def test_a_viewer_gets_403_and_nothing_is_written(creator):
    viewer = api_client_for(UserFactory())
    term = Term.objects.create(channel=creator, text="spoiler")
    assert viewer.get(terms_url(creator)).status_code == 403
    response = viewer.post(terms_url(creator), {"term": "leak"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_moderator"
    assert viewer.delete(terms_url(creator, f"/{term.pk}")).status_code == 403
    assert (
        viewer.patch(f"/api/v1/moderation/channels/{creator.pk}/automod", {"level": 4}, format="json").status_code
        == 403
    )
    assert api_client_for().get(terms_url(creator)).status_code in (401, 403)
    assert list(Term.objects.values_list("text", flat=True)) == ["spoiler"]
    assert not ChannelSafety.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"term": ""},
        {"term": "   "},
        {"term": "x" * 101},
        {"term": "***"},
        {"term": 5},
        {"term": "ok", "kind": "maybe"},
        {"term": "ok", "expires_at": "2001-01-01T00:00:00Z"},
        {"term": "ok", "expires_at": "tomorrow"},
        {},
    ],
)
def test_bad_terms_are_a_400(creator, moderator_api, body):
    response = moderator_api.post(terms_url(creator), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Term.objects.exists()


def test_the_same_term_twice_is_a_409(creator, moderator_api):
    moderator_api.post(terms_url(creator), {"term": "spoiler"}, format="json")
    response = moderator_api.post(terms_url(creator), {"term": "Spoiler"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "term_exists"
    assert Term.objects.count() == 1


def test_removing_a_term_of_another_channel_or_none_is_a_404(creator, moderator_api):
    elsewhere = Term.objects.create(channel=UserFactory(), text="spoiler")
    response = moderator_api.delete(terms_url(creator, f"/{elsewhere.pk}"))
    assert response.status_code == 404
    assert response.json()["code"] == "term_not_found"
    assert moderator_api.delete(terms_url(creator, "?id=abc")).status_code == 404
    assert Term.objects.count() == 1


def test_a_moderator_sets_the_automod_level_and_categories(creator, moderator_api):
    url = f"/api/v1/moderation/channels/{creator.pk}/automod"
    response = moderator_api.patch(url, {"level": 3, "categories": ["hate", "links"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"level": 3, "categories": ["hate", "links"], "shield_mode": False, "effective_level": 3}
    assert check_message(creator.pk, "see www.example.com") is not None
    assert moderator_api.patch(url, {"level": 0}, format="json").json()["level"] == 0
    assert check_message(creator.pk, "see www.example.com") is None


@pytest.mark.parametrize(
    "body", [{"level": 5}, {"level": -1}, {"level": "4"}, {"categories": ["swearing"]}, {"categories": "hate"}]
)
def test_bad_automod_settings_are_a_400(creator, moderator_api, body):
    response = moderator_api.patch(f"/api/v1/moderation/channels/{creator.pk}/automod", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not ChannelSafety.objects.exists()


def test_an_unknown_channel_is_a_404_for_platform_moderators(creator):
    from django.contrib.auth.models import Group

    from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP

    user = UserFactory()
    user.groups.add(Group.objects.get(name=PLATFORM_MODERATORS_GROUP))
    response = api_client_for(user).get("/api/v1/moderation/channels/987654/blocked-terms")
    assert response.status_code == 404
