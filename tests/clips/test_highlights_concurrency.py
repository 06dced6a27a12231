"""Finder runs on one stream at once (beat, a shot's event, the stream end), on PostgreSQL: one
highlight per moment."""

import importlib
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.apps import apps as django_apps
from django.db import connection

from apps.clips.models import Clip, Highlight
from apps.clips.services import highlights as services
from tests.clips.test_highlights import record_shots

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RUNS = 6


def test_runs_at_once_keep_a_moment_once(live, clock):
    importlib.import_module("apps.shots.migrations.0002_shot_types").add_shot_types(django_apps, None)
    clock.advance(seconds=100)
    record_shots(live, clock, True, True, True, True, True)
    clock.advance(seconds=10)
    start = Barrier(RUNS)

    def detect(_):
        start.wait()
        try:
            return len(services.highlights_detect(stream_id=live.pk))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        kept = list(pool.map(detect, range(RUNS)))

    assert sorted(kept) == [0] * (RUNS - 1) + [1]
    assert Highlight.objects.count() == 1
    assert Clip.objects.count() == 1
