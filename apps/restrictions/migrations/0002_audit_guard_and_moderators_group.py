"""On PostgreSQL the database refuses to change or delete an audit row, as it does for the ledger;
and the group staff put platform moderators in exists, holding the permission."""

from django.db import migrations

GUARD = """
CREATE FUNCTION restrictions_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER restrictions_auditentry_append_only BEFORE UPDATE OR DELETE ON restrictions_auditentry
    FOR EACH ROW EXECUTE FUNCTION restrictions_audit_refuse_change();
"""

DROP_GUARD = """
DROP TRIGGER IF EXISTS restrictions_auditentry_append_only ON restrictions_auditentry;
DROP FUNCTION IF EXISTS restrictions_audit_refuse_change();
"""

GROUP = "Platform moderators"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


def create_group(apps, schema_editor):
    # Django makes permissions after all migrations; this one is needed now (it finds it made).
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="restrictions", model="auditentry"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="moderate_platform",
        defaults={"name": "Moderate everywhere (platform moderator)"},
    )
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(GUARD), _on_postgresql(DROP_GUARD)),
        migrations.RunPython(create_group, remove_group),
    ]
