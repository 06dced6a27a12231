"""The site's settings with the Redis pub/sub channel layer, for bench/fanout.py --layer pubsub.

config/settings/base.py only knows `channels_redis.core.RedisChannelLayer`; this module lets
the bench measure the pub/sub layer without changing config/. (The proposed settings change
is a CHANNEL_LAYER_BACKEND env var read in base.py; see bench/fanout.py's docstring.)
"""

from config.settings.base import env
from config.settings.local import *  # noqa: F403

REDIS_URL = env("REDIS_URL")
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL]},
    }
}
