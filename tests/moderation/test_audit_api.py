"""`/api/v1/moderation/audit`: the log as far as the moderator may read it, filtered and bounded."""

import pytest

from apps.moderation.services.reports import report_create, report_resolve
from tests.factories import PlatformModeratorFactory, UserFactory, api_client_for
from tests.moderation.reporting import channel_moderator, say
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

AUDIT = "/api/v1/moderation/audit"


def resolved_in(stream, actor=None):
    line = say(stream, UserFactory(), "spam")
    filed, _ = report_create(reporter=UserFactory(), target_type="message", target_id=str(line.pk), reason="spam")
    report_resolve(actor=actor or stream.creator, report=filed, resolution="deleted", action_taken=True)
    return line


def test_an_entry_says_who_did_what_to_whom_where_why_and_when():
    stream = LiveStreamFactory()
    moderator = channel_moderator(stream.creator)
    line = resolved_in(stream, moderator)
    response = api_client_for(PlatformModeratorFactory()).get(AUDIT)
    assert response.status_code == 200
    [entry] = response.data
    assert entry | {"id": None, "created_at": None} == {
        "id": None,
        "actor": {"id": moderator.pk, "username": moderator.username},
        "action": "report.resolve",
        "user": {"id": line.user_id, "username": line.user.username},
        "channel": {"id": stream.creator_id, "username": stream.creator.username},
        "target": f"message:{line.pk}",
        "reason": "deleted",
        "detail": {"reports": 1, "action_taken": True},
        "created_at": None,
    }


def test_channel_moderators_read_their_channels_entries_only():
    here, there = LiveStreamFactory(), LiveStreamFactory()
    resolved_in(here)
    resolved_in(there)
    moderator = api_client_for(channel_moderator(here.creator))
    assert [e["channel"]["id"] for e in moderator.get(AUDIT).data] == [here.creator_id]
    assert [e["channel"]["id"] for e in moderator.get(AUDIT, {"channel": here.creator_id}).data] == [here.creator_id]
    refused = moderator.get(AUDIT, {"channel": there.creator_id})
    assert (refused.status_code, refused.data["code"]) == (403, "not_moderator")
    assert api_client_for(UserFactory()).get(AUDIT).data == []
    assert len(api_client_for(PlatformModeratorFactory()).get(AUDIT).data) == 2


def test_filters_and_pages():
    stream = LiveStreamFactory()
    moderator = channel_moderator(stream.creator)
    resolved_in(stream, moderator)
    line = resolved_in(stream)
    client = api_client_for(PlatformModeratorFactory())
    newest, oldest = client.get(AUDIT).data
    assert [e["id"] for e in client.get(AUDIT, {"actor": moderator.pk}).data] == [oldest["id"]]
    assert [e["id"] for e in client.get(AUDIT, {"user": line.user_id}).data] == [newest["id"]]
    assert [e["id"] for e in client.get(AUDIT, {"before": newest["id"]}).data] == [oldest["id"]]
    assert [e["id"] for e in client.get(AUDIT, {"limit": 1}).data] == [newest["id"]]


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 101}, {"channel": 0}, {"actor": "x"}, {"before": "99999999999999999999"}]
)
def test_a_query_out_of_bounds_is_a_400(query):
    response = api_client_for(PlatformModeratorFactory()).get(AUDIT, query)
    assert (response.status_code, response.data["code"]) == (400, "invalid")


def test_signed_out_nobody_reads_the_log():
    assert api_client_for(None).get(AUDIT).status_code in (401, 403)
