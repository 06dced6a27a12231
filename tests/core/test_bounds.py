"""Item 6: every integer a client sends is bounded by its column, in serializers, forms, query
strings, paths and socket frames; and every API input takes the types its schema names."""

import importlib
import pkgutil

import pytest
from asgiref.sync import sync_to_async
from django import forms
from drf_spectacular.generators import SchemaGenerator

import apps
from apps.core.serializers import StrictInputMixin
from apps.gifting.models import StreamGiftTotals
from apps.streaming.models import Stream
from apps.wallet.models import Payout
from tests.factories import UserFactory
from tests.realtime.sockets import frames_until, open_socket
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

HUGE = [2**31, 2**32 + 5, 2**63, 2**64 + 1]
INT64_MAX = 2**63 - 1


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("field", ["pay_per_view_cost", "donation_goal_target"])
def test_stream_integers_beyond_their_column_are_refused(auth_api_client, field, value):
    response = auth_api_client.post("/api/v1/streams", {"title": "Wrap", field: value}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert list(response.json()["errors"]) == [field]
    assert not Stream.objects.exists()


def test_a_stream_costs_what_was_asked_or_is_refused(auth_api_client):
    """4294967301 was stored as 5 (and 4294967296 as 0: a free stream)."""
    stream = LiveStreamFactory(creator=auth_api_client.user)
    url = f"/api/v1/streams/{stream.pk}"
    assert auth_api_client.patch(url, {"pay_per_view_cost": 4294967301}, format="json").status_code == 400
    assert auth_api_client.patch(url, {"pay_per_view_cost": 2**31 - 1}, format="json").status_code == 200
    stream.refresh_from_db()
    assert stream.pay_per_view_cost == 2**31 - 1


@pytest.mark.parametrize("value", [2**63, 10**30, -1, 0, True])
def test_a_battle_with_an_impossible_user_id_is_a_400(auth_api_client, value):
    response = auth_api_client.post("/api/v1/pk/battles", {"opponents": [value]}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert [field.split(".")[0] for field in response.json()["errors"]] == ["opponents"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users/99999999999999999999/profile",
        "/api/v1/users/9223372036854775808/pk",
        "/api/v1/pk/battles/0",
        "/api/v1/devices/18446744073709551617",
    ],
)
def test_ids_in_paths_no_row_can_have_are_a_json_404(auth_api_client, url):
    response = auth_api_client.get(url)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    "query",
    ["before=99999999999999999999", "before=0", "limit=0", "limit=101", "limit=²", "before=-1"],
)
def test_chat_history_query_integers_are_bounded(api_client, query):
    stream = LiveStreamFactory()
    response = api_client.get(f"/api/v1/streams/{stream.pk}/chat?{query}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")


@pytest.mark.parametrize("query", ["page=0", "page=9223372036854775808", "page=x", "limit=1000", "page="])
def test_page_and_limit_are_bounded(api_client, query):
    response = api_client.get(f"/api/v1/streams?{query}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_the_streams_creator_filter_takes_a_huge_number_as_a_name(api_client):
    assert api_client.get("/api/v1/streams?creator=99999999999999999999").status_code == 404


def test_html_forms_bound_integers_by_the_column(client):
    creator = UserFactory()
    stream = LiveStreamFactory(creator=creator)
    client.force_login(creator)
    client.post(f"/streams/{stream.pk}/goal/", {"goal-donation_goal_target": str(2**32)})
    assert not StreamGiftTotals.objects.filter(stream=stream).exclude(donation_goal_target=0).exists()
    payout = client.post("/wallet/payouts/", {"coins": str(2**63)})
    assert payout.context["form"].errors["coins"] == [f"Ensure this value is less than or equal to {INT64_MAX}."]
    assert not Payout.objects.exists()


def test_every_integer_the_api_takes_is_bounded_within_its_column():
    """From the schema: every integer in a request body, a query string or a path has a minimum and
    a maximum, within a 64-bit column."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unbounded = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                unbounded += _unbounded(parameter["schema"], f"{method} {path} {parameter['name']}", schema)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _unbounded(content["schema"], f"{method} {path} body", schema)
    assert unbounded == []


def _unbounded(node, where: str, schema) -> list[str]:
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    found = []
    if node.get("type") == "integer" and "enum" not in node:
        low, high = node.get("minimum"), node.get("maximum")
        if low is None or high is None or low < -INT64_MAX - 1 or high > INT64_MAX:
            found.append(where)
    for name, inner in node.get("properties", {}).items():
        found += _unbounded(inner, f"{where}.{name}", schema)
    if "items" in node:
        found += _unbounded(node["items"], f"{where}[]", schema)
    return found


def test_every_api_input_serializer_is_strict_about_types():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    loose = []
    for path, _, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
        serializer = view.schema.get_request_serializer() if method in ("POST", "PUT", "PATCH") else None
        serializer_class = serializer if isinstance(serializer, type) else type(serializer)
        if serializer is not None and not issubclass(serializer_class, StrictInputMixin):
            loose.append(f"{method} {path}: {serializer_class.__name__}")
    assert loose == []


def test_every_form_bounds_its_integers():
    for module in pkgutil.walk_packages(apps.__path__, "apps."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("apps.")
        for name, field in form.base_fields.items()
        if isinstance(field, forms.IntegerField) and (field.max_value is None or field.min_value is None)
    ]
    assert unbounded == []


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_sockets")
@pytest.mark.parametrize("message_id", [2**63, 2**70, -5, True])
async def test_a_delete_frame_with_an_impossible_id_gets_an_error_frame(message_id):
    stream = await sync_to_async(LiveStreamFactory)()
    socket, _, _ = await open_socket(f"/ws/streams/{stream.pk}/", stream.creator)
    await socket.receive_json_from()
    await socket.send_json_to({"t": "CD", "d": {"id": message_id}})
    errors = [f for f in await frames_until(socket, "ER") if f["t"] == "ER"]
    assert [error["d"]["code"] for error in errors] == ["bad_frame"]
    await socket.send_json_to({"t": "HB"})
    await frames_until(socket, "HB")
    await socket.disconnect()


@pytest.mark.parametrize("device", ["99999999999999999999", "²", "-1", "0"])
def test_the_camera_form_takes_an_impossible_device_id_as_no_camera(client, device):
    stream = LiveStreamFactory()
    client.force_login(stream.creator)
    response = client.post(f"/streams/{stream.pk}/cameras/", {"device": device})
    assert response.status_code == 404


def _url_patterns(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _url_patterns(pattern)
        yield pattern


def test_no_address_of_ours_takes_an_unbounded_integer():
    """Django's <int:> takes any number of digits, which a bigint column turns into a 500 on
    PostgreSQL: every id in a path goes through <id:>, bounded by the column."""
    from django.urls import get_resolver
    from django.urls.converters import IntConverter

    unbounded = [
        str(pattern.pattern)
        for pattern in _url_patterns(get_resolver())
        if any(type(converter) is IntConverter for converter in getattr(pattern.pattern, "converters", {}).values())
    ]
    assert unbounded == []


def test_a_verification_document_id_no_row_can_have_is_a_404(client):
    client.force_login(UserFactory())
    assert client.get("/verification/documents/99999999999999999999/").status_code == 404
