"""The four kinds of shot a skills stream tracks; staff add more in the admin."""

from django.db import migrations

SHOT_TYPES = [
    ("free_throw", "Free throw", "FT", 10),
    ("three", "Three", "3PT", 20),
    ("mid_range", "Mid-range", "MID", 30),
    ("layup_dunk", "Layup / dunk", "LAY", 40),
]


def add_shot_types(apps, schema_editor):
    ShotType = apps.get_model("shots", "ShotType")
    for code, name, short_name, order in SHOT_TYPES:
        ShotType.objects.get_or_create(code=code, defaults={"name": name, "short_name": short_name, "order": order})


def remove_shot_types(apps, schema_editor):
    apps.get_model("shots", "ShotType").objects.filter(code__in=[code for code, *_ in SHOT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("shots", "0001_initial")]

    operations = [migrations.RunPython(add_shot_types, remove_shot_types)]
