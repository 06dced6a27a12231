"""One rule says who may chat where (rules.chat_problem): the chat service refuses with its error,
and the chat panel of the watch page shows its detail, Send off, in the same words."""

import pytest

from apps.accounts.services import follow_create
from apps.core.exceptions import ApplicationError
from apps.restrictions.models import ChannelModerator
from apps.streaming import rules, services
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


def _anyone(stream):
    return UserFactory()


def _nobody(stream):
    return None


def _follower(stream):
    fan = UserFactory()
    follow_create(follower=fan, creator=stream.creator)
    return fan


def _moderator(stream):
    moderator = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=moderator)
    return moderator


SITUATIONS = {
    "live": (lambda: LiveStreamFactory(), _anyone),
    "scheduled": (lambda: StreamFactory(), _anyone),
    "cancelled": (lambda: StreamFactory(status="cancelled"), _anyone),
    "ended": (lambda: StreamFactory(status="ended"), _anyone),
    "signed out": (lambda: LiveStreamFactory(), _nobody),
    "not paid": (lambda: LiveStreamFactory(pay_per_view_cost=50), _anyone),
    "chat off": (lambda: LiveStreamFactory(chat_enabled=False), _anyone),
    "followers-only, a stranger": (lambda: LiveStreamFactory(followers_only=True), _anyone),
    "followers-only, a follower": (lambda: LiveStreamFactory(followers_only=True), _follower),
    "followers-only, a moderator": (lambda: LiveStreamFactory(followers_only=True), _moderator),
}
ALLOWED = {"live", "scheduled", "followers-only, a follower", "followers-only, a moderator"}


def _situation(name):
    make_stream, make_user = SITUATIONS[name]
    stream = make_stream()
    user = make_user(stream)
    return stream, user


@pytest.mark.parametrize("name", SITUATIONS)
def test_the_service_refuses_with_the_rules_answer(name):
    stream, user = _situation(name)
    problem = rules.chat_problem(stream, user)
    assert (problem is None) == (name in ALLOWED)
    if problem is None:
        assert services.chat_post(stream=stream, user=user, content="hi").content == "hi"
        return
    with pytest.raises(ApplicationError) as refused:
        services.chat_post(stream=stream, user=user, content="hi")
    assert (type(refused.value), refused.value.code, refused.value.detail) == (
        type(problem),
        problem.code,
        problem.detail,
    )


@pytest.mark.parametrize("name", [name for name in SITUATIONS if name != "signed out"])
def test_the_chat_panel_says_what_the_rule_says(client, name):
    stream, user = _situation(name)
    client.force_login(user)
    context = client.get(f"/streams/{stream.pk}/").context
    problem = rules.chat_problem(stream, user)
    assert context["chat_can_write"] == (problem is None)
    assert context["chat_reason"] == (problem.detail if problem else "")
