"""A stream's category is a key to the Category rows 0006 made, by slug: the column and its values
stay as they were, so the API and /live/?category= still name a category the same way."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("streaming", "0006_category")]

    operations = [
        migrations.AlterField(
            model_name="stream",
            name="category",
            field=models.ForeignKey(
                db_column="category",
                default="PRACTICE",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="streams",
                to="streaming.category",
                to_field="slug",
            ),
        ),
    ]
