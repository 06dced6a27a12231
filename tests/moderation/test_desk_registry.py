"""The desk-queue registry (apps.restrictions.desk): one queue per name, who each is shown to,
and `announce` refusing what is not a queue or an operation."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.restrictions import desk
from apps.restrictions.desk import DeskQueue, DeskScope, Op


def _queue(name="test_queue", **fields) -> DeskQueue:
    fields = {"title": "Test", "template": "x.html", **fields}
    return DeskQueue(name=name, count=lambda scope: 0, items=lambda scope, limit: [], **fields)


@pytest.fixture
def registry(monkeypatch):
    """The real registry, with whatever a test adds taken out again."""
    monkeypatch.setattr(desk, "_queues", dict(desk._queues))
    return desk


def test_the_apps_register_their_queues_at_startup():
    assert {"verification", "disputes", "signup_bursts"} <= {queue.name for queue in desk.queues()}


def test_a_second_queue_under_a_taken_name_is_refused(registry):
    queue = _queue()
    registry.register(queue)
    registry.register(queue)  # the same again (a second ready()): nothing changes
    with pytest.raises(ImproperlyConfigured):
        registry.register(_queue(title="Another"))


def test_queues_come_in_desk_order_and_platform_only_ones_only_to_the_platform(registry):
    registry.register(_queue("zz_last", order=999))
    registry.register(_queue("aa_first", order=-1, platform_only=True))
    platform = DeskScope(user=None, channel_ids=None)
    channel = DeskScope(user=None, channel_ids=frozenset({5}))
    names = [queue.name for queue in registry.queues(platform)]
    assert names[0] == "aa_first"
    assert names[-1] == "zz_last"
    assert "aa_first" not in [queue.name for queue in registry.queues(channel)]
    assert channel.covers(5)
    assert not channel.covers(6)
    assert not channel.covers(None)
    assert platform.covers(None)


def test_announce_refuses_an_unknown_queue_or_operation(registry):
    with pytest.raises(ValueError, match="no desk queue"):
        registry.announce("no_such_queue", 1, Op.ADD)
    registry.register(_queue())
    with pytest.raises(ValueError, match="explode"):
        registry.announce("test_queue", 1, "explode")


def test_group_names_are_the_servers_own():
    assert desk.PLATFORM_DESK_GROUP == "moderation.platform"
    assert desk.channel_desk_group(12) == "moderation.channel.12"
