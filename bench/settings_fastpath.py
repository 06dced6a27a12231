"""bench/fanout.py --experiment: the site's settings (core or pubsub layer, FANOUT_BASE_LAYER)
with the prototype write path of bench/_fastpath.py patched into the hub."""

import os

if os.environ.get("FANOUT_BASE_LAYER") == "pubsub":
    from bench.settings_pubsub import *  # noqa: F403
else:
    from config.settings.local import *  # noqa: F403

import bench._fastpath  # noqa: F401
