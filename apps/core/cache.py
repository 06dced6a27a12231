"""Django's cache on Redis: one connection pool per process, and no errors while Redis is down.

Under ASGI every request runs in a thread (and a context) of its own, so Django builds a new
cache backend for each request, and each Redis backend builds its own connection pool: every
request would open a new connection to Redis (a TCP handshake and a health check per gift).
This pool class hands all of them the process's one pool per address.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

# Errors that mean "Redis cannot be used now": down, hung, loading, or a read-only replica mid-failover.
REDIS_UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.ReadOnlyError)
# After a failure, how long a process uses its own memory before trying Redis again.
OUTAGE_RETRY_SECONDS = 5.0
# Per Redis address: until when (time.monotonic()) this process leaves it alone.
_outages: dict[tuple, float] = {}


class ProcessConnectionPool(redis.ConnectionPool):
    _pools: dict = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **options):
        key = (url, tuple(sorted((name, repr(value)) for name, value in options.items())))
        with cls._lock:
            pool = cls._pools.get(key)
            if pool is None:
                pool = cls._pools[key] = super().from_url(url, **options)
        return pool


def _fail_safe(name: str):
    def operation(self, *args, **kwargs):
        return self._redis_or_local(name, *args, **kwargs)

    operation.__name__ = name
    return operation


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache that never turns a Redis outage into an error.

    What the cache holds here (allauth's rate limits and lockouts, run_once_soon's pending runs)
    must keep working while Redis is unreachable: an operation that cannot reach Redis runs on this
    process's own memory instead, and Redis is left alone for OUTAGE_RETRY_SECONDS before the next
    try, so requests do not each wait for a timeout. A rate limit thus keeps counting through an
    outage, per process (an attacker gains at most a factor of the number of processes), rather
    than failing the login or letting every guess through.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._params = params

    @cached_property
    def _local(self) -> LocMemCache:
        # LocMemCache keeps its entries per name, per process: every instance of this backend shares them.
        return LocMemCache(f"fail-safe:{self._servers}", self._params)

    def _redis_or_local(self, name: str, *args, **kwargs):
        address = tuple(self._servers)
        outage = _outages.get(address, 0.0)
        if time.monotonic() >= outage:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_UNREACHABLE as exc:
                if not outage:
                    logger.warning("cache: Redis unreachable (%s); using this process's memory meanwhile", exc)
                _outages[address] = time.monotonic() + OUTAGE_RETRY_SECONDS
            else:
                if outage:
                    logger.warning("cache: Redis answers again")
                    _outages.pop(address, None)
                return result
        return getattr(self._local, name)(*args, **kwargs)

    # Every operation that reaches Redis (the others, such as decr and get_or_set, call these).
    add = _fail_safe("add")
    get = _fail_safe("get")
    set = _fail_safe("set")
    touch = _fail_safe("touch")
    delete = _fail_safe("delete")
    get_many = _fail_safe("get_many")
    has_key = _fail_safe("has_key")
    incr = _fail_safe("incr")
    set_many = _fail_safe("set_many")
    delete_many = _fail_safe("delete_many")
    clear = _fail_safe("clear")
