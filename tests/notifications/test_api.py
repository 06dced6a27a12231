"""`/api/v1/notifications` (list, read, preferences) and `/api/v1/streams/{id}/reminder`."""

import pytest
from rest_framework.test import APIClient

from apps.notifications import services
from apps.notifications.models import READ_IDS_MAX, Kind, Notification, StreamReminder
from apps.streaming.models import Visibility
from tests.factories import UserFactory
from tests.notifications.helpers import notify_gifts
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


def code(response) -> tuple[int, str]:
    return response.status_code, response.json().get("code")


def test_the_list_is_newest_first_paginated_with_the_unread_count(auth_api_client):
    user = auth_api_client.user
    notify_gifts(user, 3)
    notify_gifts(UserFactory(), 2)
    services.notifications_read(user=user, ids=[Notification.objects.filter(recipient=user).first().pk])
    page = auth_api_client.get("/api/v1/notifications?limit=2").json()
    assert (page["count"], page["unread_count"]) == (3, 2)
    assert [n["title"] for n in page["results"]] == ["Gift number 2", "Gift number 1"]
    assert [n["unread"] for n in page["results"]] == [False, True]
    assert page["next"]


def test_the_list_reads_in_a_fixed_number_of_queries(auth_api_client, django_assert_num_queries):
    user, actor = auth_api_client.user, UserFactory()
    notify_gifts(user, 2, actor=actor)
    with django_assert_num_queries(3):  # the page's count, its rows with their actors, the unread count
        auth_api_client.get("/api/v1/notifications")
    Notification.objects.all().delete()
    notify_gifts(user, 15, actor=actor)
    with django_assert_num_queries(3):
        assert len(auth_api_client.get("/api/v1/notifications").json()["results"]) == 15


def test_marking_read_by_ids_ignores_other_users_notifications(auth_api_client):
    user, other = auth_api_client.user, UserFactory()
    notify_gifts(user, 3)
    notify_gifts(other, 1)
    mine = list(Notification.objects.filter(recipient=user).values_list("pk", flat=True))
    theirs = Notification.objects.get(recipient=other).pk
    answer = auth_api_client.post("/api/v1/notifications/read", {"ids": [mine[0], theirs]}, format="json")
    assert answer.json() == {"marked": 1, "unread_count": 2}
    assert Notification.objects.get(pk=theirs).read_at is None
    answer = auth_api_client.post("/api/v1/notifications/read", {"all": True}, format="json")
    assert answer.json() == {"marked": 2, "unread_count": 0}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ids": []},
        {"all": False},
        {"ids": [1], "all": True},
        {"ids": ["1"]},
        {"ids": [0]},
        {"ids": [2**63]},
        {"ids": list(range(1, READ_IDS_MAX + 2))},
        {"all": "yes"},
    ],
)
def test_bad_read_requests_are_400(auth_api_client, body):
    assert auth_api_client.post("/api/v1/notifications/read", body, format="json").status_code == 400


def test_signed_out_clients_are_refused():
    client = APIClient()
    assert client.get("/api/v1/notifications").status_code in (401, 403)
    assert client.post("/api/v1/notifications/read", {"all": True}, format="json").status_code in (401, 403)


def test_preferences_read_and_patch(auth_api_client):
    prefs = auth_api_client.get("/api/v1/notifications/preferences").json()
    assert set(prefs) == set(Kind.values)
    assert (prefs["gift"]["in_app"], prefs["gift"]["email"]) == (True, False)
    assert prefs["payout"]["email"] is True
    answer = auth_api_client.patch(
        "/api/v1/notifications/preferences", {"gift": {"email": True}, "payout": {"in_app": False}}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["gift"] | {"label": ""} == {"label": "", "in_app": True, "email": True}
    assert (answer.json()["payout"]["in_app"], answer.json()["payout"]["email"]) == (False, True)


@pytest.mark.parametrize("body", [{"gift": {"email": "yes"}}, {"gift": "off"}, {"gift": {"email": 1}}])
def test_bad_preferences_are_400(auth_api_client, body):
    assert auth_api_client.patch("/api/v1/notifications/preferences", body, format="json").status_code == 400


def test_a_reminder_is_set_once_and_removed(auth_api_client):
    stream = StreamFactory()
    url = f"/api/v1/streams/{stream.pk}/reminder"
    assert auth_api_client.post(url).status_code == 201
    assert auth_api_client.post(url).json() == {"stream": str(stream.pk), "reminded": True}
    assert StreamReminder.objects.filter(stream=stream).count() == 1
    assert auth_api_client.delete(url).json() == {"stream": str(stream.pk), "reminded": False}
    assert not StreamReminder.objects.exists()


def test_reminders_are_only_for_scheduled_streams_the_user_may_watch(auth_api_client):
    user = auth_api_client.user
    live = LiveStreamFactory()
    ended = LiveStreamFactory(status="ended")
    private = StreamFactory(visibility=Visibility.PRIVATE)
    paid = StreamFactory(pay_per_view_cost=50)
    own = StreamFactory(creator=user)

    def post(stream):
        return code(auth_api_client.post(f"/api/v1/streams/{stream.pk}/reminder"))

    assert post(live) == (409, "stream_not_scheduled")
    assert post(ended) == (409, "stream_not_scheduled")
    assert post(private)[0] == 404
    assert post(paid) == (402, "payment_required")
    assert post(own) == (400, "own_stream")
    assert code(auth_api_client.post("/api/v1/streams/00000000-0000-0000-0000-000000000000/reminder"))[0] == 404
    assert not StreamReminder.objects.exists()
