"""May this user do this here, and if not, why (docs/architecture.md)."""

from apps.core.exceptions import ApplicationError
from apps.notifications.errors import OwnStreamReminder, ReminderRefused
from apps.streaming.errors import LoginRequired
from apps.streaming.models import Status, Stream
from apps.streaming.rules import watch_problem


def reminder_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not ask to be reminded of `stream`, or None: it must be a scheduled stream
    they may watch, and not their own."""
    if not (user and user.is_authenticated):
        return LoginRequired("Sign in to be reminded when this stream starts.")
    if stream.creator_id == user.pk:
        return OwnStreamReminder("This is your own stream.")
    if stream.status != Status.SCHEDULED:
        return ReminderRefused("Only a scheduled stream can be reminded of; this one is not scheduled any more.")
    return watch_problem(stream, user)
