"""A Redis that accepts connections and never answers (hung, or behind a network dropping packets)
costs each use of it a bounded wait under the project's settings: the cache answers from the
process's memory, the channel layer and the broker fail after REDIS_TIMEOUT_SECONDS, none hangs."""

import json
import subprocess
import sys

from django.conf import settings

TIMEOUT_SECONDS = 1
# Each use of Redis in a fresh process of the project's settings, timed.
PROBE = """
import json, time, django
django.setup()
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from apps.wallet.tasks import payout_process_task

def timed(use):
    started = time.monotonic()
    try:
        use()
    except Exception as exc:
        return [time.monotonic() - started, type(exc).__name__]
    return [time.monotonic() - started, None]

print(json.dumps({
    "cache": timed(lambda: cache.get("some-key")),
    "channel_layer": timed(lambda: async_to_sync(get_channel_layer().group_send)("stream.x", {"type": "frame.send"})),
    "broker": timed(lambda: payout_process_task.delay(1)),
}))
"""


def test_a_hung_redis_costs_each_use_a_bounded_wait(hung_port):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": f"redis://127.0.0.1:{hung_port}/0",
        "REDIS_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
    }
    output = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert output.returncode == 0, output.stderr
    uses = json.loads(output.stdout.strip().splitlines()[-1])
    assert uses["cache"][1] is None  # answered from the process's memory
    assert uses["channel_layer"][1] == "TimeoutError"
    assert uses["broker"][1] == "OperationalError"
    for use, (seconds, _error) in uses.items():
        assert seconds < 3 * TIMEOUT_SECONDS, f"{use} waited {seconds:.1f} s"
