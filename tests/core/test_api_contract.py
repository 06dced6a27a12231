"""Item 13: every API answer is what the schema documents, and every 4xx is `{"code", "detail"}`.
tests/core/test_api_fuzz.py checks it over every operation; these pin the cases the issue names."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/currency/transactions",
        "/api/v1/streams",
        "/api/v1/streams/{stream_id}/viewers",
        "/api/v1/users/{user_id}/gifts",
    ],
)
def test_paginated_lists_are_documented_as_pages(path):
    schema = _schema()
    ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
    assert page["type"] == "object"
    assert {"count", "page", "limit", "next", "previous", "results"} <= set(page["required"])
    assert page["properties"]["results"]["type"] == "array"
    names = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
    assert (names["page"]["minimum"], names["limit"]["maximum"]) == (1, 100)


def test_a_page_answer_matches_its_documented_shape(auth_api_client):
    body = auth_api_client.get("/api/v1/streams?status=all&limit=1").json()
    assert set(body) == {"count", "page", "limit", "next", "previous", "results"}


def test_field_errors_are_lists_of_strings_by_field_path(auth_api_client):
    response = auth_api_client.post(
        "/api/v1/pk/battles", {"opponents": [1], "teammates": [5, "x", {}]}, format="json"
    ).json()
    assert response["code"] == "invalid"
    assert all(isinstance(m, str) for messages in response["errors"].values() for m in messages)
    response = auth_api_client.post(
        "/api/v1/pk/battles", {"opponents": [1], "teammates": [5, 10**30]}, format="json"
    ).json()
    assert list(response["errors"]) == ["teammates.1"]
    assert response["detail"].startswith("teammates.1: ")


@pytest.mark.parametrize("path", ["/api/v1/streams/{stream}/gifts", "/api/v1/pk/battles"])
@pytest.mark.parametrize("signed_in", ["session", "token"])
def test_an_empty_multipart_body_gets_a_json_error(auth_api_client, path, signed_in):
    stream = LiveStreamFactory()
    # A session's CSRF check reads the body first, and Django answered its unreadable multipart itself.
    client = Client(enforce_csrf_checks=True)
    if signed_in == "session":
        client.force_login(auth_api_client.user)
    else:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=auth_api_client.user).key}"
    response = client.generic(
        "POST", path.format(stream=stream.pk), b"", content_type="multipart/form-data; boundary=x"
    )
    assert 400 <= response.status_code < 500
    assert {"code", "detail"} <= set(response.json())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/nothing-here"),
        ("post", "/api/v1/streams/not-a-uuid/chat"),
        ("delete", "/api/v1/users/1/profile/extra"),
        ("get", "/api/v1/"),
    ],
)
def test_unknown_api_paths_get_a_json_404(client, method, path):
    client.force_login(UserFactory())  # a session: no CSRF page either
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Nothing at this address."}


def test_every_operation_documents_the_errors_any_operation_may_give():
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert "429" in codes, (method, path)
