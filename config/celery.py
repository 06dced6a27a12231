"""The Celery app. Settings come from Django's CELERY_* names (see config.settings.base)."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ballskill")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_to_start_on_check_errors(**kwargs):
    from apps.core.startup import refuse_to_start_on_check_errors  # Django is set up by now

    refuse_to_start_on_check_errors()
