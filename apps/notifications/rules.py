"""May this user do this here, and if not, why (docs/architecture.md)."""

from apps.core.exceptions import ApplicationError
from apps.notifications.errors import OwnStreamReminder, ReminderRefused
from apps.streaming.errors import LoginRequired
from apps.streaming.models import Status, Stream
from apps.streaming.rules import watch_problem


def reminder_not_offered(stream: Stream, user) -> ApplicationError | None:
    """Why "Remind me" has no place on `stream` for `user` at all (their own stream, or one not
    scheduled), or None. The page shows the button only then; asking adds the rest of the rule."""
    if user and user.is_authenticated and stream.creator_id == user.pk:
        return OwnStreamReminder("This is your own stream.")
    if stream.status != Status.SCHEDULED:
        return ReminderRefused("Only a scheduled stream can be reminded of; this one is not scheduled any more.")
    return None


def reminder_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not ask to be reminded of `stream`, or None: they must be signed in, and it
    must be a scheduled stream of someone else's that they may watch."""
    if not (user and user.is_authenticated):
        return LoginRequired("Sign in to be reminded when this stream starts.")
    return reminder_not_offered(stream, user) or watch_problem(stream, user)
