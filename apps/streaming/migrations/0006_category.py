"""Categories become rows staff can add to, starting with the five the code used to fix; a stream's
category becomes a key to them in 0007 (same column, same slugs)."""

from django.db import migrations, models

# slug, name: the former choices, in their order.
CATEGORIES = [
    ("TOURNAMENT", "Tournament"),
    ("PRACTICE", "Practice"),
    ("CHALLENGE", "Challenge"),
    ("COACHING", "Coaching"),
    ("COMMUNITY", "Community"),
]


def add_categories(apps, schema_editor):
    """The former choices, and any other value a stream holds (so the key in 0007 finds them all)."""
    Category = apps.get_model("streaming", "Category")
    Stream = apps.get_model("streaming", "Stream")
    for order, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    known = {slug for slug, _ in CATEGORIES}
    others = sorted(set(Stream.objects.values_list("category", flat=True)) - known)
    for order, slug in enumerate(others, start=len(CATEGORIES)):
        Category.objects.get_or_create(slug=slug, defaults={"name": slug.replace("_", " ").title(), "order": order})


class Migration(migrations.Migration):
    dependencies = [("streaming", "0005_gift_totals_moved_to_gifting")]

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=40, unique=True)),
                ("name", models.CharField(max_length=60)),
                (
                    "order",
                    models.PositiveSmallIntegerField(default=0, help_text="Lower comes first in menus and filters."),
                ),
                (
                    "active",
                    models.BooleanField(default=True, help_text="Offered to creators and in the filters."),
                ),
            ],
            options={"verbose_name_plural": "categories", "ordering": ["order", "name"]},
        ),
        migrations.RunPython(add_categories, migrations.RunPython.noop),
    ]
