from django.db import migrations

GAME_TYPES = [("1V1", "1v1", 1), ("FREE_THROW", "Free-throw contest", 2), ("THREE_POINT", "Three-point contest", 3)]


def add_game_types(apps, schema_editor):
    GameType = apps.get_model("tournaments", "GameType")
    for code, name, order in GAME_TYPES:
        GameType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("tournaments", "0001_initial")]

    operations = [migrations.RunPython(add_game_types, migrations.RunPython.noop)]
