import threading

import pytest
from django.core.cache import caches


@pytest.mark.redis
def test_requests_in_different_threads_share_one_redis_connection_pool():
    pools = []

    def request():  # each ASGI request has a thread, and so a cache backend, of its own
        cache = caches["default"]
        cache.set("core-test-pool", 1, timeout=5)
        pools.append(cache._cache.get_client(write=True).connection_pool)

    threads = [threading.Thread(target=request) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert len(pools) == 3
    assert pools[0] is pools[1] is pools[2]
