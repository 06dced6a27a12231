"""Item 7: NUL and unpaired surrogates are refused with a 400 (or an ER frame) at every door where
text comes in, never a 500 or a dead socket."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.urls import get_resolver
from rest_framework.views import APIView

from apps.core import parsers
from apps.streaming.models import ChatMessage
from tests.factories import UserFactory
from tests.realtime.sockets import frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

UNSAFE = ["\x00", "\ud800"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/streams?creator=%00", "/api/v1/streams?category=%00", "/api/v1/gifts?x%00=1", "/api/v1/users/%00/pk"],
)
def test_api_query_strings_and_paths_with_nul_are_a_json_400(api_client, url):
    response = api_client.get(url)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_text")


@pytest.mark.parametrize("url", ["/u/%00/", "/live/?category=%00", "/live/?sort=a%00b"])
def test_pages_with_nul_in_path_or_query_are_a_400(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("text", UNSAFE)
def test_json_bodies_holding_unsafe_text_anywhere_are_a_400(auth_api_client, text):
    # coach_certifications is a JSON list: no CharField of DRF's would see its items.
    body = json.dumps({"coach_certifications": [f"Level 1{text}"], "social_links": {f"x{text}": "https://a.b"}})
    response = auth_api_client.patch("/api/v1/users/me/profile", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_text")
    auth_api_client.user.profile.refresh_from_db()
    assert auth_api_client.user.profile.coach_certifications == []


def test_serializer_and_form_fields_refuse_nul(auth_api_client, client):
    stream = LiveStreamFactory(creator=auth_api_client.user)
    response = auth_api_client.post(f"/api/v1/streams/{stream.pk}/chat", {"content": "hi\x00"}, format="json")
    assert response.status_code == 400
    client.force_login(auth_api_client.user)
    page = client.post("/creator/go-live/", {"title": "Nul\x00", "category": "PRACTICE", "action": "schedule"})
    assert page.context["form"].errors["title"] == ["Null characters are not allowed."]
    assert not ChatMessage.objects.exists()


def test_every_api_view_parses_bodies_through_the_guarded_parsers():
    views = [p.callback.view_class for p in _patterns(get_resolver()) if hasattr(p.callback, "view_class")]
    api_views = [view for view in views if issubclass(view, APIView)]
    assert len(api_views) > 20
    for view in api_views:
        for parser in view().get_parsers():
            assert isinstance(parser, parsers.JSONParser | parsers.FormParser | parsers.MultiPartParser), view


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        yield from _patterns(pattern) if hasattr(pattern, "url_patterns") else [pattern]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_sockets")
@pytest.mark.parametrize("escape", ["\\u0000", "\\ud800"])
async def test_a_chat_frame_with_unsafe_text_gets_an_error_frame_and_the_socket_stays(escape):
    stream = await sync_to_async(LiveStreamFactory)()
    user = await sync_to_async(UserFactory)()
    socket, connected, _ = await open_socket(f"/ws/streams/{stream.pk}/", user)
    assert connected
    await socket.receive_json_from()
    await socket.send_to(text_data='{"t": "CM", "d": {"content": "a' + escape + 'b"}}')
    errors = [f for f in await frames_until(socket, "ER") if f["t"] == "ER"]
    assert [error["d"]["code"] for error in errors] == ["invalid_text"]
    await socket.send_to(text_data='{"t": "HB"}')
    await frames_until(socket, "HB")  # still open
    assert await sync_to_async(ChatMessage.objects.count)() == 0
    await socket.disconnect()
