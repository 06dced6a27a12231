"""Each HTTP request's sync code runs on a thread of its own, reused from an earlier request."""

import asyncio
import threading

import pytest
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, HttpResponseNotFound
from django.test import override_settings
from django.urls import path, register_converter

from apps.core.request_threads import ReusedRequestThreads, SyncChainASGIHandler

# Where each step of a request through Django ran: resolving its URL, the middleware, the view.
ran_on: dict[str, int] = {}


class RecordingConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        ran_on["resolve"] = threading.get_ident()
        return int(value)

    def to_url(self, value):
        return str(value)


class RecordingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ran_on["middleware"] = threading.get_ident()
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        ran_on["process_view"] = threading.get_ident()


def recording_view(request, number):
    ran_on["view"] = threading.get_ident()
    if number == 0:
        raise ZeroDivisionError("a view that breaks")
    return HttpResponse(str(number))


class HeldViews:
    """A view that stays inside until released: how many requests were inside it at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.inside = self.most_inside = 0
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def __call__(self, request):
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
        self.entered.release()
        self.release.wait(timeout=10)
        with self.lock:
            self.inside -= 1
        return HttpResponse("done")


held = HeldViews()

register_converter(RecordingConverter, "recorded")
urlpatterns = [path("numbers/<recorded:number>", recording_view), path("held", held)]


def not_found(request, exception):
    return HttpResponseNotFound("not here")


# The site's own 404 page links to the site's URLs, which this test's URLconf does not have.
handler404 = not_found


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[f"{__name__}.RecordingMiddleware"])
async def test_a_request_runs_from_middleware_to_view_on_one_thread_outside_the_event_loop():
    ran_on.clear()
    handler = SyncChainASGIHandler()
    sent = []
    incoming = asyncio.Queue()
    incoming.put_nowait({"type": "http.request", "body": b"", "more_body": False})

    async def receive():
        return await incoming.get()  # the body, then nothing: the client stays connected

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/numbers/7", "query_string": b"", "headers": []}
    await handler(scope, receive, send)
    assert sent[0]["status"] == 200
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"7"
    # Django's own ASGI handler resolves the URL and calls process_view on the event loop's thread,
    # a hop each way; here the loop hands the request over once.
    assert set(ran_on) == {"resolve", "middleware", "process_view", "view"}
    assert len(set(ran_on.values())) == 1
    assert ran_on["view"] != threading.get_ident()


class DjangoLikeApp:
    """Enters a thread-sensitive context and runs sync code in it, as Django's ASGIHandler does;
    records the thread of each request's sync code."""

    def __init__(self):
        self.threads: list[int] = []
        self.release: asyncio.Event | None = None
        self.recorded = asyncio.Condition()

    async def wait_for_requests(self, n: int) -> None:
        async with self.recorded:
            await self.recorded.wait_for(lambda: len(self.threads) >= n)

    async def __call__(self, scope, receive, send):
        async with ThreadSensitiveContext():
            self.threads.append(await sync_to_async(threading.get_ident)())
            async with self.recorded:
                self.recorded.notify_all()
            if self.release is not None:
                await self.release.wait()
            # A second sync call in the same request stays on the request's thread.
            self.threads.append(await sync_to_async(threading.get_ident)())


async def _get(handler, path):
    """One GET through Django's ASGI interface: its status."""
    incoming = asyncio.Queue()
    incoming.put_nowait({"type": "http.request", "body": b"", "more_body": False})
    sent = []

    async def send(message):
        sent.append(message)

    await handler({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []},
                  incoming.get, send)  # fmt: skip
    return sent[0]["status"]


async def _entered(views: HeldViews, within: float) -> bool:
    """Whether one more request got into the view within `within` seconds."""
    return await asyncio.to_thread(views.entered.acquire, timeout=within)


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[], HTTP_CONCURRENCY=2)
async def test_at_most_http_concurrency_requests_run_django_at_once_and_the_rest_wait_their_turn():
    held.reset()
    handler = SyncChainASGIHandler()
    requests = asyncio.gather(*(_get(handler, "/held") for _ in range(3)))
    assert await _entered(held, within=10)
    assert await _entered(held, within=10)
    # The third waits on the event loop: it never gets into the view while two are inside.
    assert not await _entered(held, within=0.5)
    held.release.set()
    assert await requests == [200, 200, 200]
    assert held.most_inside == 2


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[], HTTP_CONCURRENCY=0)
async def test_with_http_concurrency_0_every_request_runs_at_once():
    held.reset()
    handler = SyncChainASGIHandler()
    requests = asyncio.gather(*(_get(handler, "/held") for _ in range(3)))
    for _ in range(3):
        assert await _entered(held, within=10)
    held.release.set()
    assert await requests == [200, 200, 200]
    assert held.most_inside == 3


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[], HTTP_CONCURRENCY=1)
async def test_a_request_that_fails_gives_its_turn_back():
    handler = SyncChainASGIHandler()
    assert await asyncio.wait_for(_get(handler, "/numbers/0"), 10) == 500
    assert await asyncio.wait_for(_get(handler, "/no-such-page"), 10) == 404
    assert await asyncio.wait_for(_get(handler, "/numbers/7"), 10) == 200


@override_settings(HTTP_CONCURRENCY=-1)
def test_a_negative_http_concurrency_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="HTTP_CONCURRENCY"):
        SyncChainASGIHandler()


async def _request(app, scope_type="http"):
    await app({"type": scope_type}, None, None)


async def test_sequential_requests_run_on_one_reused_thread():
    inner = DjangoLikeApp()
    app = ReusedRequestThreads(inner)
    await _request(app)
    await _request(app)
    assert len(set(inner.threads)) == 1
    assert inner.threads[0] != threading.get_ident()
    assert len(app.idle) == 1


async def test_concurrent_requests_get_threads_of_their_own():
    inner = DjangoLikeApp()
    inner.release = asyncio.Event()
    app = ReusedRequestThreads(inner)
    both = asyncio.gather(_request(app), _request(app))
    await inner.wait_for_requests(2)
    inner.release.set()
    await both
    first, second = inner.threads[0], inner.threads[1]
    assert first != second
    assert sorted(inner.threads) == sorted([first, first, second, second])
    assert len(app.idle) == 2


async def test_a_request_that_fails_gives_up_its_thread():
    class Failing(DjangoLikeApp):
        async def __call__(self, scope, receive, send):
            await super().__call__(scope, receive, send)
            raise RuntimeError("the view broke")

    app = ReusedRequestThreads(Failing())
    with pytest.raises(RuntimeError):
        await _request(app)
    assert app.idle == []


async def test_a_request_cancelled_while_its_sync_code_runs_gives_up_its_thread():
    # The client went away: daphne cancels the request while the view is still running on its
    # thread. A later request must not wait behind that view, so the thread is not reused.
    loop = asyncio.get_running_loop()
    view_started, view_may_finish = asyncio.Event(), threading.Event()

    def slow_view():
        loop.call_soon_threadsafe(view_started.set)
        view_may_finish.wait(timeout=10)

    async def app(scope, receive, send):
        async with ThreadSensitiveContext():
            await sync_to_async(slow_view)()

    reused = ReusedRequestThreads(app)
    request = asyncio.create_task(_request(reused))
    await view_started.wait()
    request.cancel()
    with pytest.raises(asyncio.CancelledError):
        await request
    view_may_finish.set()
    assert reused.idle == []


async def test_no_more_idle_threads_are_kept_than_asked():
    inner = DjangoLikeApp()
    inner.release = asyncio.Event()
    app = ReusedRequestThreads(inner, keep=1)
    three = asyncio.gather(*(_request(app) for _ in range(3)))
    await inner.wait_for_requests(3)
    inner.release.set()
    await three
    assert len(set(inner.threads)) == 3
    assert len(app.idle) == 1


async def test_websockets_pass_straight_through():
    seen = []

    async def websocket_app(scope, receive, send):
        seen.append(scope["type"])

    app = ReusedRequestThreads(websocket_app)
    await _request(app, "websocket")
    assert seen == ["websocket"]
    assert app.idle == []


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[f"{__name__}.RecordingMiddleware"])
async def test_an_unknown_address_is_still_a_404_and_a_failing_view_a_500():
    handler = SyncChainASGIHandler()
    assert await _get(handler, "/no-such-page") == 404
    assert await _get(handler, "/numbers/0") == 500


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
async def test_a_reused_thread_holds_no_database_connection_between_requests():
    # Django keeps a database connection per thread; at the end of each request it goes back (with
    # CONN_MAX_AGE 0, as under the pool), so a thread that waits for its next request holds none.
    from django.db import connections

    app = ReusedRequestThreads(SyncChainASGIHandler())
    for _ in range(2):
        incoming = asyncio.Queue()
        incoming.put_nowait({"type": "http.request", "body": b"", "more_body": False})
        sent = []

        async def send(message, sent=sent):
            sent.append(message)

        headers = [(b"host", b"localhost")]
        scope = {"type": "http", "method": "GET", "path": "/api/v1/gifts", "query_string": b"", "headers": headers}
        await app(scope, incoming.get, send)
        assert sent[0]["status"] == 200
        (thread,) = app.idle
        database = thread.submit(lambda: connections["default"]).result()
        assert database.close_at is not None  # the request did connect on this thread
        assert database.connection is None
