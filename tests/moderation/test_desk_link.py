"""The header links to the moderators' desk for whoever may open it, decided at sign-in and kept in
the session: no page reads anything for it."""

import pytest

from apps.moderation.desk_link import SESSION_KEY
from apps.restrictions.models import ChannelModerator
from tests.factories import PlatformModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

DESK_LINK = 'href="/moderation/"'


@pytest.mark.parametrize(
    ("who", "linked"),
    [
        ("platform", True),
        ("appointed", True),
        ("viewer", False),
    ],
)
def test_the_header_links_the_desk_for_moderators_only(client, who, linked):
    user = {
        "platform": PlatformModeratorFactory,
        "appointed": lambda: ChannelModerator.objects.create(creator=UserFactory(), moderator=UserFactory()).moderator,
        "viewer": UserFactory,
    }[who]()
    client.force_login(user)
    assert client.session[SESSION_KEY] is linked
    assert (DESK_LINK in client.get("/live/").content.decode()) is linked


def test_a_signed_out_visitor_gets_no_link(client):
    assert DESK_LINK not in client.get("/live/").content.decode()
