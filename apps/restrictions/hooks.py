"""What other apps do when a restriction is made, lifted or acknowledged, registered from their
AppConfig.ready() (apps above restrictions react without restrictions importing them).

`on_restricted` handlers are called with the Restriction, inside the action's transaction, after
its row and its audit row are written, in the order they registered (the order of
INSTALLED_APPS' ready()): today only streaming's (apps.streaming.restrictions: the user's sockets
hear it, a ban's earlier messages are hidden). A handler that raises undoes the whole action; one
that sends frames sends them after the commit (apps.realtime.broadcast)."""

from collections.abc import Callable

from apps.restrictions.models import Restriction

on_restricted: list[Callable[[Restriction], None]] = []


def register(handler: Callable[[Restriction], None]) -> None:
    """Add `handler` once (an app's ready() runs again when Django's test overrides change the apps)."""
    if handler not in on_restricted:
        on_restricted.append(handler)


def restricted(restriction: Restriction) -> None:
    for handler in list(on_restricted):
        handler(restriction)
