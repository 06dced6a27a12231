"""`NC`: the recipient's /ws/me/ sockets hear their unread count when a notification is created or read."""

import pytest
from asgiref.sync import sync_to_async

from apps.notifications import services
from apps.notifications.models import Kind
from tests.factories import UserFactory
from tests.realtime.sockets import frames_until, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


def _notify(user, key: str) -> None:
    services.notify(kind=Kind.VERIFICATION, recipient_ids=[user.pk], source_key=key, title="You are now verified")


async def test_the_unread_count_reaches_the_recipients_socket_when_created_and_read():
    user, other = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    mine, connected, _ = await open_socket("/ws/me/", user)
    theirs, _, _ = await open_socket("/ws/me/", other)
    assert connected
    await sync_to_async(_notify)(user, "socket:1")
    await sync_to_async(_notify)(user, "socket:2")
    frames = await frames_until(mine, "NC", where=lambda d: d["unread"] == 2)
    assert [f["d"] for f in frames if f["t"] == "NC"] == [{"unread": 1}, {"unread": 2}]
    await sync_to_async(services.notifications_read)(user=user, everything=True)
    await frames_until(mine, "NC", where=lambda d: d["unread"] == 0)
    assert await theirs.receive_nothing(timeout=0.2)
