"""bench/fanout.py --experiment: the site's settings (its CHANNEL_LAYER picks the layer) with the
prototype write path of bench/_fastpath.py patched into the hub (after the settings: it reads them)."""

from config.settings.local import *  # noqa: F403, I001

import bench._fastpath  # noqa: F401
