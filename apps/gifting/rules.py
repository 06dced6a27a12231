"""Who may send gifts where (one rule, read by the gift service, which refuses, by the gift panel,
which says why, and by the stream socket)."""

from apps.core.exceptions import ApplicationError
from apps.gifting.errors import GiftRefused, GiftsNotOpenYet
from apps.restrictions.errors import Banned, PlatformBanned
from apps.restrictions.rules import restriction_problem
from apps.streaming.models import Status, Stream
from apps.streaming.rules import is_owner, watch_problem


def gift_problem(stream: Stream, user, *, with_message: bool = False) -> ApplicationError | None:
    """Why `user` may not send gifts to `stream` now (`with_message`: a gift with a message), or None
    if they may. Which gift, how many and the message's length are the gift service's to judge.
    A ban (from the channel, or everywhere) refuses every gift; a timeout or a warning not yet
    acknowledged, only gifts with a message (the message is chat)."""
    if not (user and user.is_authenticated):
        return GiftRefused("Log in to send gifts.")
    if is_owner(stream, user):
        return GiftRefused("You cannot send gifts to your own stream.")
    if stream.status == Status.SCHEDULED:
        return GiftsNotOpenYet("Gifts open when the stream goes live.")
    if stream.status != Status.LIVE:
        return GiftRefused("This stream is over; it takes no more gifts.")
    if not stream.gifts_enabled:
        return GiftRefused("The creator turned gifts off for this stream.")
    if problem := watch_problem(stream, user):
        return problem
    restricted = restriction_problem(user, stream.creator_id)
    if restricted is not None and (with_message or isinstance(restricted, Banned | PlatformBanned)):
        return restricted
    return None


def tip_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not tip `stream` now, or None. A tip is a gift with a message: its message is chat."""
    return gift_problem(stream, user, with_message=True)
