"""Gift totals and the donation goal move from six columns on streaming's Stream to gifting's own
per-stream row. The columns' values are copied here; streaming 0005 then drops the columns."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = (
    "gifts_count",
    "gift_coins",
    "donation_goal_title",
    "donation_goal_target",
    "donation_goal_progress",
    "donation_goal_reached_at",
)


def copy_from_streams(apps, schema_editor):
    """A row for each stream that had a gift or a goal (the others have none yet, as new streams)."""
    Stream = apps.get_model("streaming", "Stream")
    StreamGiftTotals = apps.get_model("gifting", "StreamGiftTotals")
    had = Stream.objects.exclude(gifts_count=0, donation_goal_target=0, donation_goal_title="")
    rows = (StreamGiftTotals(stream_id=values.pop("id"), **values) for values in had.values("id", *MOVED).iterator())
    StreamGiftTotals.objects.bulk_create(rows, batch_size=1000)


def copy_back_to_streams(apps, schema_editor):
    Stream = apps.get_model("streaming", "Stream")
    StreamGiftTotals = apps.get_model("gifting", "StreamGiftTotals")
    for values in StreamGiftTotals.objects.values("stream_id", *MOVED).iterator():
        Stream.objects.filter(pk=values.pop("stream_id")).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("gifting", "0003_uploads_cleaned"),
        ("streaming", "0004_thumbnail_cleaned"),
    ]

    operations = [
        migrations.CreateModel(
            name="StreamGiftTotals",
            fields=[
                (
                    "stream",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="gift_totals",
                        serialize=False,
                        to="streaming.stream",
                    ),
                ),
                ("gifts_count", models.PositiveIntegerField(default=0)),
                ("gift_coins", models.PositiveBigIntegerField(default=0)),
                ("donation_goal_title", models.CharField(blank=True, max_length=100)),
                ("donation_goal_target", models.PositiveIntegerField(default=0)),
                ("donation_goal_progress", models.PositiveIntegerField(default=0)),
                ("donation_goal_reached_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name_plural": "stream gift totals"},
        ),
        migrations.RunPython(copy_from_streams, copy_back_to_streams),
    ]
