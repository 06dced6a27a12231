import os

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_valid_and_lists_the_endpoints():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    for path in (
        "/api/v1/auth/token",
        "/api/v1/users/me/profile",
        "/api/v1/users/{user_id}/profile",
        "/api/v1/users/{user_id}/follow",
        "/api/v1/verification/requests",
        "/api/v1/notifications",
        "/api/v1/notifications/read",
        "/api/v1/notifications/preferences",
        "/api/v1/streams/{stream_id}/reminder",
    ):
        assert path in schema["paths"]


def test_schema_generates_without_warnings():
    # Warnings mean a wrong schema (e.g. two serializers under one component name).
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", os.devnull)


def test_schema_and_docs_are_served_with_local_assets(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()
