"""Celery tasks of clips and highlights: thin, idempotent."""

from celery import shared_task  # noqa: F401
