"""Who moderates a channel: its creator, whom they appointed, and platform moderators (the
permission, held directly or through the group; superusers hold every permission). Staff alone
do not moderate. One query answers, whatever the answer."""

import pytest
from django.contrib.auth.models import Group, Permission

from apps.restrictions import rules
from apps.restrictions.models import ChannelModerator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator():
    return UserFactory()


def _with_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="moderate_platform"))
    return user


def _in_group(user):
    user.groups.add(Group.objects.get(name=rules.PLATFORM_MODERATORS_GROUP))
    return user


@pytest.mark.parametrize(
    ("who", "moderates"),
    [
        ("creator", True),
        ("appointed", True),
        ("group", True),
        ("permission", True),
        ("superuser", True),
        ("staff", False),
        ("viewer", False),
        ("appointed_elsewhere", False),
    ],
)
def test_who_moderates_a_channel(creator, who, moderates, django_assert_max_num_queries):
    user = {
        "creator": lambda: creator,
        "appointed": lambda: ChannelModerator.objects.create(creator=creator, moderator=UserFactory()).moderator,
        "group": lambda: _in_group(UserFactory()),
        "permission": lambda: _with_permission(UserFactory()),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "staff": lambda: UserFactory(is_staff=True),
        "viewer": UserFactory,
        "appointed_elsewhere": lambda: (
            ChannelModerator.objects.create(creator=UserFactory(), moderator=UserFactory()).moderator
        ),
    }[who]()
    with django_assert_max_num_queries(1):
        assert rules.is_channel_moderator(user, creator.pk) is moderates
    assert (rules.moderate_problem(user, creator.pk) is None) is moderates


def test_platform_moderators_are_the_permission_not_the_staff_flag(creator):
    assert rules.is_platform_moderator(_in_group(UserFactory()))
    assert not rules.is_platform_moderator(UserFactory(is_staff=True))
    assert rules.platform_moderate_problem(UserFactory()).code == "not_platform_moderator"


def test_a_deactivated_moderator_moderates_nothing(creator):
    moderator = ChannelModerator.objects.create(creator=creator, moderator=UserFactory()).moderator
    moderator.is_active = False
    assert not rules.is_channel_moderator(moderator, creator.pk)
