from asgiref.sync import iscoroutinefunction
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response


def test_under_asgi_every_middleware_runs_sync_in_the_requests_thread(monkeypatch):
    """One hop into the request's thread for the whole chain, not two per hook of every middleware
    (config/settings/base.py: the sync-only middleware goes last)."""
    built = []

    def record(handler):
        built.append(handler)
        return convert_exception_to_response(handler)

    monkeypatch.setattr(base, "convert_exception_to_response", record)
    ASGIHandler()  # builds the chain in async mode, innermost first
    view_resolver, *middleware = built
    assert iscoroutinefunction(view_resolver)
    assert len(middleware) >= 10
    in_async_mode = [getattr(m, "__qualname__", type(m).__name__) for m in middleware if iscoroutinefunction(m)]
    assert in_async_mode == []
