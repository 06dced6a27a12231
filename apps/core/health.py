"""Reachability checks for /healthz: the database, the channel layer and the Celery broker."""

import asyncio
import uuid
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


# One channel per event loop for the round trip: the pub/sub layer keeps a channel subscribed until
# a wait on it is cancelled, so a new one for each check would pile up in the process and in Redis.
_round_trip_channels: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, str]" = weakref.WeakKeyDictionary()


async def _layer_round_trip(layer) -> None:
    loop, token = asyncio.get_running_loop(), uuid.uuid4().hex
    try:
        # Bounded: a message lost to a layer that is down must make the check fail, not hang it.
        async with asyncio.timeout(settings.REDIS_TIMEOUT_SECONDS):
            channel = _round_trip_channels.get(loop) or await layer.new_channel(prefix="healthz.")
            _round_trip_channels[loop] = channel
            await layer.send(channel, {"type": "healthz", "token": token})
            while (await layer.receive(channel)).get("token") != token:
                pass  # the answer to an earlier check that stopped waiting
    except TimeoutError:
        _round_trip_channels.pop(loop, None)  # its cancelled wait unsubscribed the channel
        raise


def check_channel_layer() -> str:
    layer = get_channel_layer()
    async_to_sync(_layer_round_trip)(layer)
    return type(layer).__name__


def check_broker() -> str:
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return "eager (in-process)"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport.driver_type


CHECKS = {"database": check_database, "channel_layer": check_channel_layer, "broker": check_broker}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "backend": check()}
        except Exception as exc:  # any failure means "down"; the message says why
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return results
