"""The gift totals and the donation goal now live in gifting's StreamGiftTotals (gifting 0004 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("streaming", "0004_thumbnail_cleaned"),
        ("gifting", "0004_stream_gift_totals"),
    ]

    operations = [
        migrations.RemoveField(model_name="stream", name=name)
        for name in (
            "gifts_count",
            "gift_coins",
            "donation_goal_title",
            "donation_goal_target",
            "donation_goal_progress",
            "donation_goal_reached_at",
        )
    ]
