import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_names_what_is_down(client, settings):
    from channels.layers import channel_layers

    # A Redis channel layer pointed at a port nothing listens on.
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["channel_layer"]
    assert body["checks"]["database"]["ok"]


@pytest.mark.redis
def test_healthz_with_real_redis_uses_it_for_layer_and_broker(client, settings):
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    body = client.get("/healthz").json()
    assert body["checks"]["channel_layer"] == {"ok": True, "backend": "RedisPubSubChannelLayer"}
    assert body["checks"]["broker"] == {"ok": True, "backend": "redis"}
