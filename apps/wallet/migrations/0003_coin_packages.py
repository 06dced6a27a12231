"""The coin packages on sale at launch. Staff change them in admin afterwards."""

import uuid

from django.db import migrations

PACKAGES = [
    # name, coins, bonus coins, price in cents
    ("Starter", 100, 0, 99),
    ("Handful", 500, 0, 499),
    ("Bucket", 1000, 200, 999),
    ("Stack", 2000, 500, 1999),
    ("Vault", 5000, 1500, 4999),
]


def package_id(name: str) -> uuid.UUID:
    # Stable ids, the same in every database, so links and API clients can rely on them.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"ballskill.live/coin-packages/{name}")


def add_packages(apps, schema_editor):
    CoinPackage = apps.get_model("wallet", "CoinPackage")
    for order, (name, coins, bonus, price) in enumerate(PACKAGES):
        CoinPackage.objects.update_or_create(
            id=package_id(name),
            defaults={"name": name, "coins": coins, "bonus_coins": bonus, "price_minor": price, "sort_order": order},
        )


def remove_packages(apps, schema_editor):
    apps.get_model("wallet", "CoinPackage").objects.filter(id__in=[package_id(p[0]) for p in PACKAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("wallet", "0002_ledger_guards")]

    operations = [migrations.RunPython(add_packages, remove_packages)]
