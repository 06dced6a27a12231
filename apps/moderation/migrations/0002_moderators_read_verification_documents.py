"""Platform moderators review verification requests on the desk, so their group may read the
documents sent with them (apps.accounts.rules.may_read_verification_document: "moderators given
the permission")."""

from django.db import migrations

GROUP = "Platform moderators"


def grant(apps, schema_editor):
    # Django makes permissions after all migrations; this one is needed now (it finds it made).
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="accounts", model="verificationdocument"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="view_verificationdocument",
        defaults={"name": "Can view verification document"},
    )
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="accounts", codename="view_verificationdocument"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permission)


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0002_audit_guard_and_moderators_group"),
        ("accounts", "0005_signup_addresses"),
        ("moderation", "0001_reports_and_appeals"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
