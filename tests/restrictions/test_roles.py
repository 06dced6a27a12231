"""Appointing a channel's moderators: the creator or a platform moderator, audited; the appointed
moderate that channel only."""

import pytest

from apps.restrictions.errors import AlreadyModerator, CannotRestrict, NotAModerator, NotChannelModerator
from apps.restrictions.models import AuditEntry, ChannelModerator
from apps.restrictions.rules import is_channel_moderator, is_platform_moderator
from apps.restrictions.services import roles
from tests.factories import PlatformModeratorFactory, UserFactory, make_platform_moderator

pytestmark = pytest.mark.django_db


def test_the_creator_appoints_and_removes(creator, viewer):
    roles.moderator_add(actor=creator, channel=creator, user=viewer)
    assert is_channel_moderator(viewer, creator.pk)
    assert not is_channel_moderator(viewer, UserFactory().pk)
    with pytest.raises(AlreadyModerator):
        roles.moderator_add(actor=creator, channel=creator, user=viewer)
    roles.moderator_remove(actor=creator, channel=creator, user=viewer)
    assert not is_channel_moderator(viewer, creator.pk)
    with pytest.raises(NotAModerator):
        roles.moderator_remove(actor=creator, channel=creator, user=viewer)
    assert list(AuditEntry.objects.order_by("id").values_list("action", "actor", "user", "channel")) == [
        ("moderator_add", creator.pk, viewer.pk, creator.pk),
        ("moderator_remove", creator.pk, viewer.pk, creator.pk),
    ]


def test_a_platform_moderator_appoints_anywhere(creator, viewer):
    roles.moderator_add(actor=PlatformModeratorFactory(), channel=creator, user=viewer)
    assert ChannelModerator.objects.filter(creator=creator, moderator=viewer).exists()


def test_others_cannot_appoint_and_nothing_is_written(creator, channel_moderator, viewer):
    before = AuditEntry.objects.count(), ChannelModerator.objects.count()
    for actor in (viewer, channel_moderator, UserFactory(is_staff=True)):
        with pytest.raises(NotChannelModerator):
            roles.moderator_add(actor=actor, channel=creator, user=UserFactory())
    with pytest.raises(CannotRestrict):
        roles.moderator_add(actor=creator, channel=creator, user=creator)
    assert (AuditEntry.objects.count(), ChannelModerator.objects.count()) == before


def test_staff_alone_do_not_moderate_the_group_does(creator):
    staff = UserFactory(is_staff=True)
    assert not is_platform_moderator(staff)
    assert not is_channel_moderator(staff, creator.pk)
    make_platform_moderator(staff)
    assert is_platform_moderator(staff)
    assert is_channel_moderator(staff, creator.pk)
