"""How HTTP requests use threads: one hop from the event loop to a thread a request, onto a
thread reused from an earlier request.

Django runs each request's sync code (the middleware chain, the view, the ORM) on a thread of
its own. asgiref makes that thread for the request and starts another to join it afterwards: two
thread starts and their hand-overs of the GIL for every request, about a fifth of the CPU of a
small request under daphne (/healthz 9.1 -> 7.3 ms). Here each request still gets a thread to
itself, but one that an earlier request has finished with.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler


class SyncChainASGIHandler(ASGIHandler):
    """Django's ASGI handler with the whole of a request, middleware to view, in one sync call.

    Django's own builds an async chain when it runs under ASGI: our middleware is sync and so are
    the views, so a request went from the event loop to its thread, back to the loop for the URL
    and the view middleware (each `process_view` a hop of its own) and to the thread again for
    the view. Each hop waits for its turn at the GIL, however busy the process is.

    At most settings.HTTP_CONCURRENCY requests of the process make that call at once (0: any
    number); the others wait on the event loop, before they hold a thread. Threads running Python
    at once pay for taking the GIL from each other: a gift POST cost one daphne 19 ms of CPU one
    request at a time and 30-33 ms sixteen at a time (a sixth of it in the kernel). Two at once
    keep a request's waits for the database filled with another's work."""

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)
        chain = sync_to_async(self._middleware_chain, thread_sensitive=True)
        limit = settings.HTTP_CONCURRENCY
        if limit < 0:
            raise ImproperlyConfigured(f"HTTP_CONCURRENCY is 0 (no limit) or more, not {limit}.")
        self._middleware_chain = _at_most(limit, chain) if limit else chain


def _at_most(limit: int, call):
    turns = asyncio.Semaphore(limit)

    async def in_turn(request):
        # A request cancelled while its sync code runs gives its turn back at once (that thread
        # is given up, see ReusedRequestThreads): for a moment one more thread may run.
        async with turns:
            return await call(request)

    return in_turn


class ReusedRequestThreads:
    """ASGI middleware for HTTP. A request that ends while its sync code may still be running (the
    client went away) gives up its thread, so a later request never waits behind it."""

    def __init__(self, app, *, keep: int = 32):
        self.app = app
        self.keep = keep
        self.idle: list[ThreadPoolExecutor] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        thread = self.idle.pop() if self.idle else ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")
        finished = False
        try:
            # Django's own per-request context, entered inside this one, then leaves it be.
            async with ThreadSensitiveContext(executor=thread):
                await self.app(scope, receive, send)
            finished = True
        finally:
            if finished and len(self.idle) < self.keep:
                self.idle.append(thread)
            else:
                thread.shutdown(wait=False)
