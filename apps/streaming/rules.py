"""Who may do what on a stream: read by services (which refuse), pages (which hide, and say why),
and the API, sockets, HLS and recording endpoints (which answer why not). Each `*_problem` answers
one question with the error the service raises, or None: the same detail everywhere."""

import math
from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import Follow
from apps.core.exceptions import ApplicationError
from apps.restrictions.models import ChannelSafety
from apps.restrictions.rules import is_channel_moderator, restriction_problem
from apps.restrictions.selectors import safety_for
from apps.streaming.errors import ChatRefused, LoginRequired, PaymentRequired, StreamPrivate
from apps.streaming.models import OPEN_STATUSES, Status, Stream, Visibility

# Under shield mode or "established users only", who may chat: accounts at least a day old that
# have followed the creator for ten minutes (the preset). Shield mode also slows the chat.
ESTABLISHED_ACCOUNT_AGE = timedelta(hours=24)
ESTABLISHED_FOLLOW_AGE = timedelta(minutes=10)
SHIELD_SLOW_MODE_SECONDS = 10


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


def channel_safety(stream: Stream) -> ChannelSafety:
    """The safety settings of the stream's channel, read once per loaded stream: a status refresh
    asks chat_problem for every socket's user with one stream, and the chat service reads a fresh
    stream for each message."""
    if (safety := stream.__dict__.get("_channel_safety")) is None:
        safety = stream.__dict__["_channel_safety"] = safety_for(stream.creator_id)
    return safety


def slow_mode_seconds(stream: Stream) -> int:
    """The slow mode in force: the stream's own, and at least SHIELD_SLOW_MODE_SECONDS under shield."""
    if channel_safety(stream).shield_mode:
        return max(stream.slow_mode_seconds, SHIELD_SLOW_MODE_SECONDS)
    return stream.slow_mode_seconds


def chat_problem(stream: Stream, user, *, team: bool | None = None) -> ApplicationError | None:
    """Why `user` may not write in `stream`'s chat now, or None if they may. What they write is the
    chat service's to judge (its length, emote-only, slow mode); the channel's team skips the
    followers-only mode and the shield and established-users gates as it does those. A timeout, a
    ban or a pending warning (apps.restrictions) stops anyone the moderators restricted. `team`:
    whether the user is on the channel's team, when the caller knows already (is_moderator)."""
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
    if problem := restriction_problem(user, stream.creator_id):
        return problem
    safety = channel_safety(stream)
    gated = stream.followers_only or safety.shield_mode or safety.established_only
    if not gated or (is_moderator(stream, user) if team is None else team):
        return None
    followed_at = _followed_at(user, stream.creator_id)
    if problem := _established_problem(safety, user, followed_at):
        return problem
    if stream.followers_only and followed_at is None:
        return ChatRefused("Followers-only mode: follow the creator to chat.")
    return None


def _established_problem(safety: ChannelSafety, user, followed_at) -> ChatRefused | None:
    """Under shield mode or "established users only": a day-old account, following for ten minutes
    (`followed_at`: since when the user follows the creator, or None)."""
    if not (safety.shield_mode or safety.established_only):
        return None
    mode = "Shield mode" if safety.shield_mode else "Established users only"
    now = timezone.now()
    if user.date_joined > now - ESTABLISHED_ACCOUNT_AGE:
        return ChatRefused(f"{mode}: accounts less than a day old cannot chat here yet.")
    if followed_at is None:
        return ChatRefused(f"{mode}: follow the creator, then chat after ten minutes.")
    if (wait := followed_at + ESTABLISHED_FOLLOW_AGE - now).total_seconds() > 0:
        minutes = math.ceil(wait.total_seconds() / 60)
        return ChatRefused(f"{mode}: followers chat after ten minutes; {minutes} min to go.")
    return None


def _followed_at(user, creator_id):
    return Follow.objects.filter(follower=user, creator_id=creator_id).values_list("created_at", flat=True).first()
