"""Who may do what on a stream: read by services (which refuse), pages (which hide, and say why),
and the API, sockets, HLS and recording endpoints (which answer why not). Each `*_problem` answers
one question with the error the service raises, or None: the same detail everywhere."""

from apps.accounts.models import Follow
from apps.core.exceptions import ApplicationError
from apps.restrictions.rules import is_channel_moderator
from apps.streaming.errors import ChatRefused, LoginRequired, PaymentRequired, StreamPrivate
from apps.streaming.models import OPEN_STATUSES, Status, Stream, Visibility


def is_owner(stream: Stream, user) -> bool:
    return bool(user and user.is_authenticated and user.pk == stream.creator_id)


def is_moderator(stream: Stream, user) -> bool:
    """The creator, a platform moderator, or someone the creator made a moderator: the channel's
    team, who also watch its pay-per-view streams free."""
    return is_channel_moderator(user, stream.creator_id)


def can_see(stream: Stream, user) -> bool:
    """Whether the user may know the stream exists (its title, creator, price, status, thumbnail).
    Private streams exist only for their creator (and staff); the rest for anyone with the link."""
    if stream.visibility != Visibility.PRIVATE:
        return True
    return bool(user and user.is_authenticated and (user.pk == stream.creator_id or user.is_staff))


def watch_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not watch `stream`, or None if they may. Watching is every read of a stream's
    content: its picture (angles, HLS playlists and segments, recordings, clips), its chat, its
    gifts and their leaderboard, its viewers. Every such read asks here, and answers with this error:
    401 login_required, 402 payment_required, 403 stream_private."""
    signed_in = bool(user and user.is_authenticated)
    if not can_see(stream, user):
        if not signed_in:
            return LoginRequired("This stream is private: sign in as its creator to watch it.")
        return StreamPrivate("This stream is private: only its creator can watch it.")
    if not stream.pay_per_view_cost or is_moderator(stream, user):
        return None
    if not signed_in:
        return LoginRequired("Sign in and unlock this pay-per-view stream to watch it.")
    if stream.paid_viewers.filter(user=user).exists():
        return None
    return PaymentRequired(f"Unlock this pay-per-view stream for {stream.pay_per_view_cost} coins to watch it.")


def chat_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not write in `stream`'s chat now, or None if they may. What they write is the
    chat service's to judge (its length, emote-only, slow mode); the channel's team skips the
    followers-only mode as it does those."""
    if stream.status == Status.CANCELLED:
        return ChatRefused("This stream was cancelled.")
    if stream.status not in OPEN_STATUSES:
        return ChatRefused("This stream has ended; its chat is closed.")
    if not (user and user.is_authenticated):
        return LoginRequired("Log in to chat.")
    if problem := watch_problem(stream, user):
        return problem
    if not stream.chat_enabled:
        return ChatRefused("Chat is off for this stream.")
    if stream.followers_only and not is_moderator(stream, user) and not _follows(user, stream.creator_id):
        return ChatRefused("Followers-only mode: follow the creator to chat.")
    return None


def _follows(user, creator_id) -> bool:
    return Follow.objects.filter(follower=user, creator_id=creator_id).exists()
