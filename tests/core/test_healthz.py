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


@pytest.mark.redis
async def test_the_layer_check_leaves_no_subscription_behind(fresh_sockets):
    # As under daphne: the check runs in a request's thread, its round trip on the server's event loop.
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer

    from apps.core.health import check_channel_layer

    await sync_to_async(check_channel_layer)()
    subscribed = get_channel_layer()._get_layer().channels  # the pub/sub layer's channels on this loop
    before = len(subscribed)
    for _ in range(5):
        await sync_to_async(check_channel_layer)()
    assert len(subscribed) == before
