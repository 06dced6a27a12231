"""Two scorekeepers pressing at once, on PostgreSQL: every shot counted, the creator's career exact."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier

import pytest
from django.db import connection

from apps.restrictions.services.roles import moderator_add
from apps.shots.selectors.tracker import shot_summary
from apps.shots.services.tracker import shot_record
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KEEPERS = 4
SHOTS_EACH = 5


def test_scorekeepers_recording_at_once_keep_the_career_exact(stream):
    keepers = UserFactory.create_batch(KEEPERS)
    for keeper in keepers:
        moderator_add(actor=stream.creator, channel=stream.creator, user=keeper)
    start = Barrier(KEEPERS)

    def record(n):
        start.wait()
        try:
            for _shot in range(SHOTS_EACH):
                # Keeper 0 records only misses, the others only makes.
                shot_record(stream=stream, by=keepers[n], shot_type="three", made=n != 0)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=KEEPERS) as pool:
        list(pool.map(record, range(KEEPERS)))

    summary = shot_summary(stream)
    assert (summary["made"], summary["att"]) == ((KEEPERS - 1) * SHOTS_EACH, KEEPERS * SHOTS_EACH)
    profile = stream.creator.profile
    profile.refresh_from_db()
    assert profile.career_shooting_percentage == Decimal("75.00")
    assert profile.career_shooting_by_type["three"]["att"] == KEEPERS * SHOTS_EACH
