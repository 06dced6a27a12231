from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tournaments", "0002_game_types")]

    operations = [
        migrations.AddField(
            model_name="ratingchange",
            name="deviation_before",
            field=models.FloatField(default=350.0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ratingchange",
            name="volatility_before",
            field=models.FloatField(default=0.06),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ratingchange",
            name="volatility_after",
            field=models.FloatField(default=0.06),
            preserve_default=False,
        ),
    ]
