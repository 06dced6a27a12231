"""gifting 0004 and streaming 0005 move each stream's gift totals and donation goal from six columns on
the stream to gifting's StreamGiftTotals row, and back when unapplied."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.gifting.models import StreamGiftTotals
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("gifting", "0003_uploads_cleaned"), ("streaming", "0004_thumbnail_cleaned")]
REACHED = datetime(2026, 11, 30, 20, 15, tzinfo=UTC)
GIFTED = {
    "gifts_count": 12,
    "gift_coins": 3400,
    "donation_goal_title": "New court lights",
    "donation_goal_target": 2000,
    "donation_goal_progress": 3400,
    "donation_goal_reached_at": REACHED,
}
MOVED = tuple(GIFTED)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_totals_and_the_goal_move_to_gifting_and_back():
    creator = UserFactory()
    old = _migrate(BEFORE)
    Stream = old.get_model("streaming", "Stream")
    gifted = Stream.objects.create(creator_id=creator.pk, title="Gifted", **GIFTED)
    goal_only = Stream.objects.create(
        creator_id=creator.pk, title="Goal set", donation_goal_title="Ball", donation_goal_target=50
    )
    untouched = Stream.objects.create(creator_id=creator.pk, title="Nothing yet")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {row.stream_id: {name: getattr(row, name) for name in MOVED} for row in StreamGiftTotals.objects.all()}
    assert rows == {
        gifted.pk: GIFTED,
        goal_only.pk: {
            **dict.fromkeys(MOVED, 0),
            "donation_goal_title": "Ball",
            "donation_goal_target": 50,
            "donation_goal_reached_at": None,
        },
    }
    assert untouched.pk not in rows

    old = _migrate(BEFORE)
    back = old.get_model("streaming", "Stream").objects.values(*MOVED).get(pk=gifted.pk)
    assert back == GIFTED
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
