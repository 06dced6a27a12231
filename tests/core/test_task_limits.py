"""Every Celery task has a time limit: a soft one (SoftTimeLimitExceeded inside the task, so it can
roll back) and a hard one after it (the worker's child is killed); ffmpeg's tasks get longer ones."""

from django.conf import settings

from config.celery import app


def test_every_task_of_ours_has_a_soft_and_a_hard_limit():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert ours
    limits = {
        name: (task.soft_time_limit or app.conf.task_soft_time_limit, task.time_limit or app.conf.task_time_limit)
        for name, task in ours.items()
    }
    assert [name for name, (soft, hard) in limits.items() if not (soft and hard and soft < hard)] == []
    assert limits["streaming.notify_followers"] == (
        settings.CELERY_TASK_SOFT_TIME_LIMIT,
        settings.CELERY_TASK_TIME_LIMIT,
    )
    assert limits["devices.recording_process"] == (settings.MEDIA_TASK_SOFT_TIME_LIMIT, settings.MEDIA_TASK_TIME_LIMIT)
