"""`/ws/me/` through the real ASGI application: auth, heartbeats, bad frames, origins, idle."""

import pytest
from asgiref.sync import sync_to_async

from apps.accounts import services
from apps.realtime.consumers import CLOSE_IDLE, CLOSE_UNAUTHORIZED
from tests.factories import UserFactory, documents_for, make_verifiable
from tests.realtime.sockets import frames_until, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


async def _connect(user=None, headers=None):
    return await open_socket("/ws/me/", user, headers)


async def test_anonymous_sockets_are_refused_with_the_reason():
    """Accepted, told why, then closed with a code the client does not retry (not a bare handshake failure)."""
    communicator, connected, _ = await _connect()
    assert connected
    error = await communicator.receive_json_from()
    assert (error["t"], error["d"]) == ("ER", {"code": "login_required", "detail": "Sign in first."})
    assert await communicator.receive_output() == {"type": "websocket.close", "code": CLOSE_UNAUTHORIZED}


async def test_other_sites_cannot_open_a_socket():
    user = await sync_to_async(UserFactory)()
    _communicator, connected, _ = await _connect(user, headers=[(b"origin", b"https://evil.example")])
    assert not connected


async def test_heartbeat_is_answered():
    user = await sync_to_async(UserFactory)()
    communicator, connected, _ = await _connect(user)
    assert connected
    await communicator.send_to(text_data='{"t": "HB"}')
    frame = await communicator.receive_json_from()
    assert frame["t"] == "HB"
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("text", "code"),
    [("not json", "bad_json"), ('{"t": "ZZ"}', "unknown_type"), ('{"t": "CM", "d": "x"}', "bad_frame")],
)
async def test_bad_frames_get_an_error_frame_and_the_socket_stays_up(text, code):
    user = await sync_to_async(UserFactory)()
    communicator, _, _ = await _connect(user)
    await communicator.send_to(text_data=text)
    frame = await communicator.receive_json_from()
    assert frame["t"] == "ER"
    assert frame["d"]["code"] == code
    await communicator.send_to(text_data='{"t": "HB"}')
    assert (await communicator.receive_json_from())["t"] == "HB"
    await communicator.disconnect()


async def test_idle_sockets_are_closed(settings):
    settings.REALTIME_IDLE_TIMEOUT = 0.2
    user = await sync_to_async(UserFactory)()
    communicator, _, _ = await _connect(user)
    output = await communicator.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": CLOSE_IDLE}


def _approve_basic(user, staff):
    make_verifiable(user)
    request = services.verification_request_create(
        user=user, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED")
    )
    services.verification_request_approve(request=request, reviewer=staff)


async def test_approval_sends_the_verified_badge_frame_to_the_user():
    user = await sync_to_async(UserFactory)()
    staff = await sync_to_async(UserFactory)(is_staff=True)
    communicator, connected, _ = await _connect(user)
    assert connected
    await sync_to_async(_approve_basic)(user, staff)
    # The decision's notification (its NC) may come in the same batch.
    frame = next(f for f in await frames_until(communicator, "VB") if f["t"] == "VB")
    assert frame["t"] == "VB"
    assert frame["d"] == {
        "u": user.pk,
        "tier": "BASIC_VERIFIED",
        "label": "Basic verified",
        "icon": "✔",
        "color": "#4A90E2",
    }
    await communicator.disconnect()
