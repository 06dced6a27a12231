"""Realtime vocabulary of streams: the group names and the payloads of CM, CD, HM, HR, VC and ES."""

from apps.realtime.broadcast import broadcast, recheck_members
from apps.realtime.protocol import Code
from apps.restrictions.desk import Op
from apps.streaming import desk, rules, selectors
from apps.streaming.models import Review


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


def message_payload(message, *, team: frozenset[int] = frozenset()) -> dict:
    """A chat line. Its author carries `"mod": true` when `team` (the channel's team: the
    creator, its moderators, platform moderators; selectors.team_ids) holds them."""
    data = {"id": message.pk, "k": message.kind, "c": message.content, "at": int(message.created_at.timestamp() * 1000)}
    if message.user_id:
        data["a"] = author_payload(message.user)
        if message.user_id in team:
            data["a"]["mod"] = True
    return data


def held_payload(message) -> dict:
    """HM: a held message and what AutoMod matched, for the channel's moderators."""
    return message_payload(message) | {"rule": message.held_rule}


def send_chat_message(message, *, mod: bool = False) -> None:
    """A line for everyone on the stream; `mod`: its author is on the channel's team."""
    team = frozenset({message.user_id}) if mod else frozenset()
    broadcast(stream_group(message.stream_id), Code.CHAT_MESSAGE, message_payload(message, team=team))


def send_chat_post(message, *, mod: bool = False) -> None:
    """A line a user just wrote, to whom it reaches: everyone; or, held by AutoMod, the moderators
    (HM, and MQ to their desks) and its author's own sockets (CM marked `"held": true`, shown
    greyed "held for review");
    or, from a shadow-hidden author, only the author (a plain CM: they cannot tell) and the
    moderators (CM marked `"shadow": true`)."""
    own = stream_user_group(message.stream_id, message.user_id)
    mods = stream_moderators_group(message.stream_id)
    if message.shadow:
        payload = message_payload(message)
        broadcast(own, Code.CHAT_MESSAGE, payload)
        broadcast(mods, Code.CHAT_MESSAGE, payload | {"shadow": True})
    elif message.review == Review.HELD:
        broadcast(own, Code.CHAT_MESSAGE, message_payload(message) | {"held": True})
        broadcast(mods, Code.HELD_MESSAGE, held_payload(message))
        desk.announce_held(message, Op.ADD)
    else:
        send_chat_message(message, mod=mod)


def send_held_resolved(message) -> None:
    """A held message left the queue: HR to the moderators and to its author (whose greyed line
    shows the outcome), MQ to the desks; approved, it then reaches everyone as a CM."""
    resolved = {"id": message.pk, "review": message.review}
    broadcast(stream_moderators_group(message.stream_id), Code.HELD_RESOLVED, resolved)
    if message.user_id:
        broadcast(stream_user_group(message.stream_id, message.user_id), Code.HELD_RESOLVED, resolved)
    desk.announce_held(message, Op.REMOVE)
    if message.review == Review.APPROVED:
        send_chat_message(message)


def send_chat_deleted(message) -> None:
    broadcast(stream_group(message.stream_id), Code.CHAT_DELETED, {"id": message.pk})


def viewer_count_payload(stream) -> dict:
    return {"c": stream.current_viewers, "p": stream.peak_viewers}


def send_viewer_count(stream) -> None:
    broadcast(stream_group(stream.pk), Code.VIEWER_COUNT, viewer_count_payload(stream), coalesce=True)


def status_payload(stream) -> dict:
    """`slow` is the slow mode in force (at least 10 s under shield mode)."""
    safety = rules.channel_safety(stream)
    data = {
        "s": stream.status,
        "chat": stream.chat_enabled,
        "slow": rules.slow_mode_seconds(stream),
        "emote": stream.emote_only,
        "followers": stream.followers_only,
        "shield": safety.shield_mode,
        "established": safety.established_only,
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


def send_channel_status(safety) -> None:
    """The channel's safety settings changed (shield mode, established users only): each of its
    open streams' pages gets ES again, and with it each socket's MY (who may chat now)."""
    for stream in selectors.open_streams_of(channel_id=safety.channel_id):
        send_status(stream)
