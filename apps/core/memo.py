"""Answers remembered for one short piece of work (one socket's `MY`: its questions about chat and
gifts both read the user's restrictions), so several rules asking the same thing read it once.
Outside a `remembering()` block nothing is remembered: every call reads afresh."""

import contextlib
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("memo", default=None)


@contextlib.contextmanager
def remembering():
    """Within this block (nested ones share the outer one's memory), `remembered` answers once per key."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
