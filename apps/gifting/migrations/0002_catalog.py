"""The launch catalog from the product spec: the classic seven and the basketball set."""

from django.db import migrations

# name, emoji, coins, animation, screen effect, duration ms, rarity, category
CATALOG = [
    ("Rose", "🌹", 1, "float", "corner", 2500, "common", "classic"),
    ("Heart", "❤️", 2, "float", "corner", 2500, "common", "classic"),
    ("Star", "⭐", 5, "burst", "corner", 3000, "rare", "classic"),
    ("Diamond", "💎", 10, "burst", "banner", 3000, "epic", "classic"),
    ("Rocket", "🚀", 20, "fireworks", "banner", 3500, "epic", "premium"),
    ("Crown", "👑", 50, "fireworks", "half", 4000, "legendary", "premium"),
    ("Mansion", "🏰", 100, "confetti", "half", 4500, "legendary", "premium"),
    ("Basketball", "🏀", 100, "basketball_bounce", "banner", 3500, "rare", "basketball"),
    ("Trophy", "🏆", 500, "trophy_confetti", "half", 5000, "epic", "basketball"),
    ("Fire Shots", "🔥", 1000, "ball_on_fire", "half", 5500, "epic", "basketball"),
    ("MVP Crown", "👑", 2500, "crown_descends", "full", 6500, "legendary", "basketball"),
    ("Legend Status", "🌟", 5000, "legend_celebration", "full", 8000, "legendary", "basketball"),
]


def add_catalog(apps, schema_editor):
    Gift = apps.get_model("gifting", "Gift")
    for order, (name, emoji, coins, animation, effect, duration, rarity, category) in enumerate(CATALOG):
        Gift.objects.update_or_create(
            name=name,
            defaults={
                "emoji": emoji,
                "coin_cost": coins,
                "animation": animation,
                "screen_effect": effect,
                "duration_ms": duration,
                "rarity": rarity,
                "category": category,
                "sort_order": order,
            },
        )


def remove_catalog(apps, schema_editor):
    apps.get_model("gifting", "Gift").objects.filter(name__in=[row[0] for row in CATALOG]).delete()


class Migration(migrations.Migration):
    dependencies = [("gifting", "0001_initial")]

    operations = [migrations.RunPython(add_catalog, remove_catalog)]
