"""One Redis connection pool per process for Django's cache.

Under ASGI every request runs in a thread (and a context) of its own, so Django builds a new
cache backend for each request, and each Redis backend builds its own connection pool: every
request would open a new connection to Redis (a TCP handshake and a health check per gift).
This pool class hands all of them the process's one pool per address.
"""

import threading

import redis


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
