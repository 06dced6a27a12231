"""wallet_post_transfer: a whole transfer in one call on PostgreSQL (see apps/wallet/ledger.py).

It does what the ORM path does, in the same order: replay an idempotency key; open missing
accounts; debit (conditionally, except the mint) then credit, each group in account-id order;
write the transfer and its entries. The deferred sum-to-zero triggers still check it at commit.
Outcome: 'posted', 'replayed' (transfer_id is the earlier transfer) or 'insufficient'
(nothing written).
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION wallet_post_transfer(
    p_kind text, p_reference text, p_initiated_by bigint, p_key text, p_memo text, p_reverses bigint,
    p_kinds text[], p_owners bigint[], p_amounts bigint[],
    OUT transfer_id bigint, OUT outcome text, OUT created_at timestamptz
) LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
    account_id bigint;
    leg record;
    done_ids bigint[] := '{}';
    done_amounts bigint[] := '{}';
BEGIN
    created_at := now();
    IF p_key IS NOT NULL THEN
        SELECT t.id INTO transfer_id FROM wallet_transfer t WHERE t.idempotency_key = p_key;
        IF FOUND THEN
            outcome := 'replayed';
            RETURN;
        END IF;
    END IF;

    FOR i IN 1 .. array_length(p_kinds, 1) LOOP
        SELECT a.id INTO account_id FROM wallet_account a
            WHERE a.kind = p_kinds[i] AND a.owner_id IS NOT DISTINCT FROM p_owners[i];
        IF NOT FOUND THEN
            INSERT INTO wallet_account (kind, owner_id, balance, created_at)
                VALUES (p_kinds[i], p_owners[i], 0, now()) ON CONFLICT DO NOTHING RETURNING id INTO account_id;
            IF account_id IS NULL THEN  -- opened concurrently
                SELECT a.id INTO account_id FROM wallet_account a
                    WHERE a.kind = p_kinds[i] AND a.owner_id IS NOT DISTINCT FROM p_owners[i];
            END IF;
        END IF;
        ids := ids || account_id;
    END LOOP;

    FOR leg IN
        SELECT l.id, l.amount, l.kind FROM unnest(ids, p_amounts, p_kinds) AS l(id, amount, kind)
        ORDER BY l.amount > 0, l.id
    LOOP
        IF leg.amount < 0 AND leg.kind <> 'mint' THEN
            UPDATE wallet_account SET balance = balance + leg.amount WHERE id = leg.id AND balance >= -leg.amount;
            IF NOT FOUND THEN
                -- Give back this transfer's earlier debits (their rows are still ours) and write nothing.
                UPDATE wallet_account w SET balance = w.balance - d.amount
                    FROM unnest(done_ids, done_amounts) AS d(id, amount) WHERE w.id = d.id;
                outcome := 'insufficient';
                RETURN;
            END IF;
        ELSE
            UPDATE wallet_account SET balance = balance + leg.amount WHERE id = leg.id;
        END IF;
        done_ids := done_ids || leg.id;
        done_amounts := done_amounts || leg.amount;
    END LOOP;

    INSERT INTO wallet_transfer (kind, reference, initiated_by_id, idempotency_key, memo, reverses_id, created_at)
        VALUES (p_kind, p_reference, p_initiated_by, p_key, p_memo, p_reverses, created_at)
        RETURNING id INTO transfer_id;
    INSERT INTO wallet_entry (transfer_id, account_id, amount, created_at)
        SELECT transfer_id, l.id, l.amount, created_at FROM unnest(ids, p_amounts) AS l(id, amount);
    outcome := 'posted';
END $$;
"""

DROP = "DROP FUNCTION IF EXISTS wallet_post_transfer(text, text, bigint, text, text, bigint, text[], bigint[], bigint[]);"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("wallet", "0003_coin_packages")]

    operations = [migrations.RunPython(_on_postgresql(FUNCTION), _on_postgresql(DROP))]
