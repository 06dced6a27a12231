"""Every page part that answers htmx with a partial and anything else with a redirect (or the whole
page) says so with `Vary: HX-Request` on both answers, so no cache hands one to the other
(apps.core.htmx). The follow button's answers had no Vary."""

import pytest

from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _requests(creator, stream):
    return {
        "follow": ("post", f"/u/{creator.username}/follow/", {}),
        "gift": ("post", f"/streams/{stream.pk}/gifts/send/", {"gift_id": "0", "quantity": "1"}),
        "goal": (
            "post",
            f"/streams/{stream.pk}/goal/",
            {"goal-donation_goal_title": "Ball", "goal-donation_goal_target": "9"},
        ),
        "chat settings": ("post", f"/streams/{stream.pk}/chat-settings/", {"chat-slow_mode_seconds": "5"}),
        "pk invite": ("post", f"/streams/{stream.pk}/pk/invite/", {}),
        "wallet history": ("get", "/wallet/?type=gift", {}),
    }


@pytest.mark.parametrize("name", ["follow", "gift", "goal", "chat settings", "pk invite", "wallet history"])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_partial_or_full_answers_vary_on_htmx(client, name, htmx):
    creator = UserFactory()
    stream = LiveStreamFactory(creator=creator)
    client.force_login(creator if name in ("goal", "chat settings", "pk invite") else UserFactory())
    method, url, data = _requests(creator, stream)[name]
    response = getattr(client, method)(url, data, headers=HTMX if htmx else {})
    assert response.status_code in (200, 302)
    assert (response.status_code == 200) == (htmx or method == "get")
    assert "HX-Request" in response.get("Vary", "")
