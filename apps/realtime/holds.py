"""Frames held back while something decides about where they go (a socket's access, a group's resync)."""

from collections.abc import Callable
from typing import Any


class Hold:
    """While held (holds nest: each `hold()` needs its `release()`), what is offered waits here in
    order; the last release passes it all on, still in order. `waiting` is None when not held."""

    __slots__ = ("_count", "_pass_on", "waiting")

    def __init__(self, pass_on: Callable[[Any], None]):
        self._pass_on = pass_on
        self._count = 0
        self.waiting: list | None = None

    def hold(self) -> None:
        self._count += 1
        if self.waiting is None:
            self.waiting = []

    def release(self) -> None:
        self._count -= 1
        if self._count == 0:
            waiting, self.waiting = self.waiting, None
            for item in waiting:
                self._pass_on(item)

    def offer(self, item) -> bool:
        """Keep `item` if held (True); else False and the caller passes it on itself."""
        if self.waiting is None:
            return False
        self.waiting.append(item)
        return True
