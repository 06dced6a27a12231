"""wallet_post_entries: the legs of a transfer whose row the caller already wrote.

A caller that keeps its own record of a payment (a gift) writes the transfer and that record
first, then posts the legs: the busy credit rows (creator earnings, platform revenue) are then
locked by the last statement before its commit (apps/wallet/ledger.py). wallet_post_transfer
keeps its signature and outcome and now posts its legs through this function, with an id taken
from the transfer sequence before its row is written (entries' foreign key is checked at commit).
Outcome: 'posted', or 'insufficient' (its debits given back, no entry written).
"""

import importlib

from django.db import migrations

POST_ENTRIES = """
CREATE FUNCTION wallet_post_entries(
    p_transfer_id bigint, p_created_at timestamptz, p_kinds text[], p_owners bigint[], p_amounts bigint[]
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
    account_id bigint;
    leg record;
    done_ids bigint[] := '{}';
    done_amounts bigint[] := '{}';
BEGIN
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
                RETURN 'insufficient';
            END IF;
        ELSE
            UPDATE wallet_account SET balance = balance + leg.amount WHERE id = leg.id;
        END IF;
        done_ids := done_ids || leg.id;
        done_amounts := done_amounts || leg.amount;
    END LOOP;

    INSERT INTO wallet_entry (transfer_id, account_id, amount, created_at)
        SELECT p_transfer_id, l.id, l.amount, p_created_at FROM unnest(ids, p_amounts) AS l(id, amount);
    RETURN 'posted';
END $$;

CREATE OR REPLACE FUNCTION wallet_post_transfer(
    p_kind text, p_reference text, p_initiated_by bigint, p_key text, p_memo text, p_reverses bigint,
    p_kinds text[], p_owners bigint[], p_amounts bigint[],
    OUT transfer_id bigint, OUT outcome text, OUT created_at timestamptz
) LANGUAGE plpgsql AS $$
BEGIN
    created_at := now();
    IF p_key IS NOT NULL THEN
        SELECT t.id INTO transfer_id FROM wallet_transfer t WHERE t.idempotency_key = p_key;
        IF FOUND THEN
            outcome := 'replayed';
            RETURN;
        END IF;
    END IF;
    transfer_id := nextval(pg_get_serial_sequence('wallet_transfer', 'id'));
    outcome := wallet_post_entries(transfer_id, created_at, p_kinds, p_owners, p_amounts);
    IF outcome = 'insufficient' THEN
        RETURN;
    END IF;
    INSERT INTO wallet_transfer (id, kind, reference, initiated_by_id, idempotency_key, memo, reverses_id, created_at)
        VALUES (transfer_id, p_kind, p_reference, p_initiated_by, p_key, p_memo, p_reverses, created_at);
END $$;
"""

_0004 = importlib.import_module("apps.wallet.migrations.0004_post_transfer_function")
_on_postgresql = _0004._on_postgresql
# Back: 0004's wallet_post_transfer again, then no wallet_post_entries.
REVERT = _0004.FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1) + (
    "DROP FUNCTION IF EXISTS wallet_post_entries(bigint, timestamptz, text[], bigint[], bigint[]);"
)


class Migration(migrations.Migration):
    dependencies = [("wallet", "0004_post_transfer_function")]

    operations = [migrations.RunPython(_on_postgresql(POST_ENTRIES), _on_postgresql(REVERT))]
