"""What nginx-rtmp told us survives a broker that was down or lost its tasks: the overdue sweeps
process recordings and end abandoned streams whose tasks never ran."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.devices import services
from apps.devices.models import Angle, Publish, Recording
from apps.devices.tasks import requeue_abandoned_streams_task, requeue_overdue_recordings_task
from apps.streaming.models import Stream
from tests.devices.helpers import Nginx, register

pytestmark = pytest.mark.usefixtures("own_cache")

WAIT_SECONDS = 10


def _overdue(seconds: int = 0):
    return timezone.now() - timedelta(seconds=settings.OVERDUE_SWEEP_SECONDS + seconds + 1)


def _lost_recording(django_capture_on_commit_callbacks) -> Recording:
    """nginx finished a recording (of a file that is not there); its processing task is never queued."""
    nginx = Nginx()
    _, key = register()
    nginx.publish(key)
    angle = Angle.objects.get()
    flv = settings.MEDIA_SERVER_ROOT / "recordings" / f"{angle.playback_name}-gone.flv"
    with django_capture_on_commit_callbacks(execute=False):
        assert nginx.record_done(angle.playback_name, str(flv)).status_code == 200
    return Recording.objects.get()


@pytest.mark.django_db
def test_a_recording_whose_task_was_lost_is_processed_by_the_sweep(django_capture_on_commit_callbacks):
    recording = _lost_recording(django_capture_on_commit_callbacks)
    assert requeue_overdue_recordings_task.delay().get() == 0  # its own task may still come
    Recording.objects.filter(pk=recording.pk).update(created_at=_overdue())
    assert requeue_overdue_recordings_task.delay().get() == 1
    recording.refresh_from_db()
    assert recording.status == "failed"  # processed: ffmpeg found no file
    assert requeue_overdue_recordings_task.delay().get() == 0


@pytest.mark.django_db
def test_a_stream_whose_end_task_was_lost_is_ended_by_the_sweep(django_capture_on_commit_callbacks):
    nginx = Nginx()
    _, key = register()
    nginx.publish(key, client_id=3)
    with django_capture_on_commit_callbacks(execute=False):  # the end-after-grace task never reaches a worker
        nginx.publish_done(key, 3)
    stream = Stream.objects.get()
    assert stream.status == "live"
    assert requeue_abandoned_streams_task.delay().get() == 0  # within the reconnect grace and a sweep
    Publish.objects.update(ended_at=_overdue(settings.RTMP_RECONNECT_GRACE_SECONDS))
    assert requeue_abandoned_streams_task.delay().get() == 1
    stream.refresh_from_db()
    assert stream.status == "ended"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_recording_another_run_is_processing_is_skipped(django_capture_on_commit_callbacks):
    recording = _lost_recording(django_capture_on_commit_callbacks)
    # Without a test transaction its task ran at the commit: make its processing still to do.
    Recording.objects.filter(pk=recording.pk).update(status="pending", error="")
    locked, release = threading.Event(), threading.Event()

    def first_run():  # holds the recording's row, as a run of the task does while ffmpeg works
        with transaction.atomic():
            Recording.objects.select_for_update().get(pk=recording.pk)
            locked.set()
            release.wait(WAIT_SECONDS)
        connection.close()

    holder = threading.Thread(target=first_run)
    holder.start()
    try:
        assert locked.wait(WAIT_SECONDS)
        assert services.recording_process(recording_id=recording.pk).status == "pending"  # skipped, not waited for
    finally:
        release.set()
        holder.join(WAIT_SECONDS)
    assert services.recording_process(recording_id=recording.pk).status == "failed"
