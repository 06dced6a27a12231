"""Appointing a channel's moderators: by its creator or a platform moderator, audited."""

from django.db import IntegrityError, transaction

from apps.restrictions import audit
from apps.restrictions.errors import AlreadyModerator, CannotRestrict, NotAModerator, NotChannelModerator
from apps.restrictions.models import ChannelModerator
from apps.restrictions.rules import is_platform_moderator


def _appoints(*, actor, channel) -> None:
    if actor.pk == channel.pk or is_platform_moderator(actor):
        return
    raise NotChannelModerator("Only the channel's creator or a platform moderator appoints its moderators.")


@transaction.atomic
def moderator_add(*, actor, channel, user) -> ChannelModerator:
    _appoints(actor=actor, channel=channel)
    if user.pk == channel.pk:
        raise CannotRestrict("The creator moderates their channel already.", code="cannot_appoint")
    if not user.is_active:
        raise CannotRestrict("That account is not active.", code="cannot_appoint")
    try:
        with transaction.atomic():
            appointment = ChannelModerator.objects.create(creator=channel, moderator=user)
    except IntegrityError:
        raise AlreadyModerator("That user moderates this channel already.") from None
    audit.record(actor=actor, action="moderator_add", user=user, channel=channel)
    return appointment


@transaction.atomic
def moderator_remove(*, actor, channel, user) -> None:
    _appoints(actor=actor, channel=channel)
    removed, _ = ChannelModerator.objects.filter(creator=channel, moderator=user).delete()
    if not removed:
        raise NotAModerator("That user does not moderate this channel.")
    audit.record(actor=actor, action="moderator_remove", user=user, channel=channel)
