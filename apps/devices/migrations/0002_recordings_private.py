"""Recordings move from public MEDIA_ROOT to private storage, where only apps.devices.playback
serves them (to those the stream's rules allow). Their names stay; their files move."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import apps.core.private_files


def _move_files(apps, source: Path, target: Path) -> None:
    Recording = apps.get_model("devices", "Recording")
    for names in Recording.objects.values_list("video", "thumbnail"):
        for name in filter(None, names):
            old, new = source / name, target / name
            if old.is_file() and not new.exists():
                new.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(old, new)


def to_private(apps, schema_editor):
    _move_files(apps, Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT))


def to_public(apps, schema_editor):
    _move_files(apps, Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT))


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="recording",
            name="thumbnail",
            field=models.FileField(blank=True, storage=apps.core.private_files.private_storage, upload_to="vod/"),
        ),
        migrations.AlterField(
            model_name="recording",
            name="video",
            field=models.FileField(blank=True, storage=apps.core.private_files.private_storage, upload_to="vod/"),
        ),
        migrations.RunPython(to_private, to_public),
    ]
