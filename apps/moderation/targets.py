"""What a report can be about, found by (type, id): a chat message, a user, a stream or a profile.
The service finds one target; the queue finds all of a page's at once, one query per type."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from apps.accounts.models import User
from apps.core.bounds import ID_MAX, ID_MIN
from apps.moderation.models import TargetType
from apps.streaming.models import ChatMessage, Review, Stream
from apps.streaming.rules import can_see


@dataclass(frozen=True)
class Target:
    type: str
    id: str
    obj: object  # the ChatMessage, the User (user, profile) or the Stream
    owner_id: int  # whose content it is
    channel_id: int | None  # the channel whose moderators handle its reports (None: platform)

    def seen_by(self, user) -> bool:
        """Whether `user` can have seen it, so reports of it: not a private stream's (or its chat's),
        not a chat line nobody else was shown (held, denied or expired by AutoMod; shadow-hidden)."""
        if self.type == TargetType.MESSAGE:
            message = self.obj
            shown = message.review in (Review.NONE, Review.APPROVED) and not message.shadow
            return shown and can_see(message.stream, user)
        if self.type == TargetType.STREAM:
            return can_see(self.obj, user)
        return True


def _row_id(value: str) -> int | None:
    """A row id spelled in decimal digits, within the column; anything else names no row."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if ID_MIN <= number <= ID_MAX else None


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _messages(ids):
    found = ChatMessage.objects.filter(pk__in=ids, user__isnull=False).select_related(
        "user__profile", "stream__creator"
    )
    for message in found:
        # The creator's own words are a report about the creator: platform moderators decide.
        channel_id = None if message.user_id == message.stream.creator_id else message.stream.creator_id
        yield Target(TargetType.MESSAGE, str(message.pk), message, message.user_id, channel_id)


def _users(target_type):
    def find(ids):
        for user in User.objects.filter(pk__in=ids).select_related("profile"):
            yield Target(target_type, str(user.pk), user, user.pk, None)

    return find


def _streams(ids):
    for stream in Stream.objects.filter(pk__in=ids).select_related("creator__profile"):
        yield Target(TargetType.STREAM, str(stream.pk), stream, stream.creator_id, None)


# Per type: how its ids are spelled, and how its targets are found.
_FINDERS = {
    TargetType.MESSAGE: (_row_id, _messages),
    TargetType.USER: (_row_id, _users(TargetType.USER)),
    TargetType.PROFILE: (_row_id, _users(TargetType.PROFILE)),
    TargetType.STREAM: (_uuid, _streams),
}


def find_targets(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Target]:
    """The targets that exist among (type, id) pairs, by pair; one query per type present."""
    wanted: dict[str, list] = {}
    for target_type, target_id in keys:
        parse, _ = _FINDERS[target_type]
        if (parsed := parse(target_id)) is not None:
            wanted.setdefault(target_type, []).append(parsed)
    found = {}
    for target_type, ids in wanted.items():
        for target in _FINDERS[target_type][1](ids):
            found[(target.type, target.id)] = target
    return found


def find_target(target_type: str, target_id: str) -> Target | None:
    if target_type not in _FINDERS:
        return None
    target_id = str(target_id)
    # A UUID is keyed as Django prints it (lower case, hyphens), whatever the reporter sent.
    if target_type == TargetType.STREAM and (parsed := _uuid(target_id)) is not None:
        target_id = str(parsed)
    return find_targets([(target_type, target_id)]).get((target_type, target_id))
