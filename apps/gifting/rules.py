"""May this user send gifts here, and if not, why: read by the gift service, the page and the stream socket."""

from apps.core.exceptions import ApplicationError
from apps.gifting.errors import GiftRefused
from apps.streaming import rules as streaming_rules
from apps.streaming.models import Status, Stream


def gift_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not send gifts to `stream` now, or None if they may (the gift, its quantity and
    the coins are the service's to judge)."""
    if not (user and user.is_authenticated):
        return GiftRefused("Log in to send gifts.")
    if streaming_rules.is_owner(stream, user):
        return GiftRefused("You cannot send gifts to your own stream.")
    if stream.status == Status.SCHEDULED:
        return GiftRefused("Gifts open when the stream goes live.")
    if stream.status != Status.LIVE:
        return GiftRefused("This stream is over; it takes no more gifts.")
    if not stream.gifts_enabled:
        return GiftRefused("The creator turned gifts off for this stream.")
    return streaming_rules.watch_problem(stream, user)
