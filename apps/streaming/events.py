"""Realtime vocabulary of streams: the group name and the payloads of CM, CD, VC, ES and GL."""

from apps.realtime.broadcast import broadcast, recheck_members
from apps.realtime.protocol import Code


def stream_group(stream_id) -> str:
    return f"stream.{stream_id}"


def stream_moderators_group(stream_id) -> str:
    """The sockets of the channel's team on this stream (held messages, shadow-hidden lines)."""
    return f"stream.{stream_id}.mods"


def stream_user_group(stream_id, user_id) -> str:
    """One signed-in user's sockets on this stream (their timeout or ban, their held message)."""
    return f"stream.{stream_id}.user.{user_id}"


# The user's columns author_payload reads, for `.only()` where many authors are read at once.
AUTHOR_COLUMNS = ("username", "profile__verification_tier", "profile__profile_visibility", "profile__display_name")


def author_payload(user) -> dict:
    profile = user.profile
    spec = profile.tier
    return {
        "id": user.pk,
        "n": user.public_name,
        "u": user.username,
        "tier": spec.tier.value,
        "color": spec.color,
        "icon": spec.icon,
    }


def message_payload(message) -> dict:
    data = {"id": message.pk, "k": message.kind, "c": message.content, "at": int(message.created_at.timestamp() * 1000)}
    if message.user_id:
        data["a"] = author_payload(message.user)
    return data


def send_chat_message(message) -> None:
    broadcast(stream_group(message.stream_id), Code.CHAT_MESSAGE, message_payload(message))


def send_chat_deleted(message) -> None:
    broadcast(stream_group(message.stream_id), Code.CHAT_DELETED, {"id": message.pk})


def viewer_count_payload(stream) -> dict:
    return {"c": stream.current_viewers, "p": stream.peak_viewers}


def send_viewer_count(stream) -> None:
    broadcast(stream_group(stream.pk), Code.VIEWER_COUNT, viewer_count_payload(stream), coalesce=True)


def status_payload(stream) -> dict:
    data = {
        "s": stream.status,
        "chat": stream.chat_enabled,
        "slow": stream.slow_mode_seconds,
        "emote": stream.emote_only,
        "followers": stream.followers_only,
    }
    if stream.started_at:
        data["started"] = int(stream.started_at.timestamp() * 1000)
    if stream.ended_at:
        data["ended"] = int(stream.ended_at.timestamp() * 1000)
    return data


def send_status(stream) -> None:
    """ES is the same for everyone; what each viewer may do now (MY) follows from it per socket."""
    broadcast(stream_group(stream.pk), Code.EVENT_STATUS, status_payload(stream), refresh=True)


def recheck_watchers(stream_id) -> None:
    """Who may watch the stream changed (its visibility or price, a refund): its open sockets check
    their users again, after the commit."""
    recheck_members(stream_group(stream_id))
