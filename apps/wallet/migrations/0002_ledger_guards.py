"""On PostgreSQL the database itself guards the ledger: posted rows cannot be changed or
deleted, and a transfer whose entries do not sum to zero cannot commit. SQLite relies on
the service checks alone."""

from django.db import migrations

GUARDS = """
CREATE FUNCTION wallet_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is refused; post a correcting transfer', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER wallet_entry_append_only BEFORE UPDATE OR DELETE ON wallet_entry
    FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change();
CREATE TRIGGER wallet_transfer_append_only BEFORE UPDATE OR DELETE ON wallet_transfer
    FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change();

CREATE FUNCTION wallet_check_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    transfer bigint;
    total numeric;
    legs integer;
BEGIN
    -- Only the branch that runs is planned: NEW has transfer_id on entries, id on transfers.
    IF TG_TABLE_NAME = 'wallet_entry' THEN
        transfer := NEW.transfer_id;
    ELSE
        transfer := NEW.id;
    END IF;
    SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, legs FROM wallet_entry WHERE transfer_id = transfer;
    IF legs = 0 OR total <> 0 THEN
        RAISE EXCEPTION 'transfer % does not balance: % entries summing to %', transfer, legs, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER wallet_entry_balanced AFTER INSERT ON wallet_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_transfer_balanced();
CREATE CONSTRAINT TRIGGER wallet_transfer_balanced AFTER INSERT ON wallet_transfer
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallet_check_transfer_balanced();
"""

DROP_GUARDS = """
DROP TRIGGER IF EXISTS wallet_transfer_balanced ON wallet_transfer;
DROP TRIGGER IF EXISTS wallet_entry_balanced ON wallet_entry;
DROP FUNCTION IF EXISTS wallet_check_transfer_balanced();
DROP TRIGGER IF EXISTS wallet_transfer_append_only ON wallet_transfer;
DROP TRIGGER IF EXISTS wallet_entry_append_only ON wallet_entry;
DROP FUNCTION IF EXISTS wallet_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # A plain cursor, without parameters: the SQL's own % signs are not placeholders.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("wallet", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(GUARDS), _on_postgresql(DROP_GUARDS))]
