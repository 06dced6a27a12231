import threading
import time

import pytest
from django.conf import settings
from django.core.cache import caches

from apps.core import cache as fail_safe
from tests.factories import UserFactory


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


def _fail_safe_cache(settings, port: int):
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return caches["default"]


class Clock:
    """Stands in for time.monotonic() in apps.core.cache."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(fail_safe, "time", clock)
    return clock


def test_with_redis_down_the_cache_works_in_the_process_memory(settings, refused_port, clock, caplog):
    cache = _fail_safe_cache(settings, refused_port)
    assert cache.add("outage-key", 1, timeout=60)
    assert not cache.add("outage-key", 2, timeout=60)
    assert cache.incr("outage-key") == 2
    cache.set_many({"a": "x", "b": "y"})
    assert cache.get_many(["a", "b", "c"]) == {"a": "x", "b": "y"}
    assert cache.get_or_set("c", "z") == "z"
    cache.delete("a")
    assert not cache.has_key("a")
    assert [r.getMessage() for r in caplog.records if r.name == "apps.core.cache"] == [
        f"cache: Redis unreachable (Error 111 connecting to 127.0.0.1:{refused_port}. Connection refused.); "
        "using this process's memory meanwhile"
    ]


def test_a_hung_redis_costs_one_timeout_then_none_until_it_is_tried_again(settings, hung_port, clock):
    cache = _fail_safe_cache(settings, hung_port)
    started = time.perf_counter()
    cache.set("k", "v")  # waits for Redis once: socket_timeout
    assert 0.4 < time.perf_counter() - started < 2
    started = time.perf_counter()
    for _ in range(20):
        assert cache.get("k") == "v"
    assert time.perf_counter() - started < 0.2  # not waiting on Redis again
    clock.now += fail_safe.OUTAGE_RETRY_SECONDS
    started = time.perf_counter()
    assert cache.get("k") == "v"  # Redis tried again (and still hung): the local value answers
    assert 0.4 < time.perf_counter() - started < 2


@pytest.mark.django_db
def test_the_html_login_works_and_keeps_counting_failures_while_redis_is_down(client, settings, refused_port):
    _fail_safe_cache(settings, refused_port)
    user = UserFactory(username="during-outage")
    user.set_password("right-password-1")
    user.save()
    login = {"login": "during-outage", "password": "right-password-1"}
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", login)
    assert response.status_code == 302
    client.logout()
    for _ in range(5):
        response = client.post("/accounts/login/", {**login, "password": "wrong"})
        assert response.status_code == 200
    # Allauth's limit on failed logins still counted them (in this process's memory).
    response = client.post("/accounts/login/", login)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.redis
def test_the_redis_cache_is_fail_safe_and_bounded():
    cache = caches["default"]
    assert isinstance(cache, fail_safe.FailSafeRedisCache)
    options = cache._cache._pool_options
    assert options["socket_connect_timeout"] == options["socket_timeout"] == settings.REDIS_TIMEOUT_SECONDS
