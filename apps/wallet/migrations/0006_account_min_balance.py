"""How low an account may go becomes data: Account.min_balance, 0 unless set (NULL, no floor,
for the mint), read by both posting paths (apps/wallet/ledger.py), and the CHECK constraint
reads it too instead of naming the mint.

On PostgreSQL one function, wallet_post, now holds the posting rule and posts every transfer.
It replaces wallet_post_transfer (0004) and wallet_post_entries (0005), which held the rule
twice and the mint's exception in it. wallet_post opens missing accounts (with the floor their
kind opens with, from apps.wallet.accounts), locks and moves the legs debits first, then
credits, each group in account-id order, a debit only if it leaves its account at or above the
account's min_balance, and writes the entries. Called with the id of a transfer whose row the
caller wrote already (to write its own record in between), that is all; called without, it
first replays an idempotency key that was used (outcome 'replayed', transfer_id the earlier
transfer) and writes the transfer's row last, with an id taken from its sequence (the entries'
foreign key is checked at commit). Outcome 'posted', or 'insufficient': the debits made so far
are given back and nothing is written. The deferred sum-to-zero triggers (0002) still check
every transfer at commit.

Back: 0005's two functions again, and the constraint that names the mint.
"""

import importlib

from django.db import migrations, models

POST = """
CREATE FUNCTION wallet_post(
    p_transfer_id bigint, p_created_at timestamptz,
    p_kind text, p_reference text, p_initiated_by bigint, p_key text, p_memo text, p_reverses bigint,
    p_kinds text[], p_owners bigint[], p_floors bigint[], p_amounts bigint[],
    OUT transfer_id bigint, OUT outcome text, OUT created_at timestamptz
) LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
    account_id bigint;
    leg record;
    done_ids bigint[] := '{}';
    done_amounts bigint[] := '{}';
BEGIN
    transfer_id := p_transfer_id;
    created_at := COALESCE(p_created_at, now());
    IF transfer_id IS NULL THEN
        IF p_key IS NOT NULL THEN
            SELECT t.id INTO transfer_id FROM wallet_transfer t WHERE t.idempotency_key = p_key;
            IF FOUND THEN
                outcome := 'replayed';
                RETURN;
            END IF;
        END IF;
        transfer_id := nextval(pg_get_serial_sequence('wallet_transfer', 'id'));
    END IF;

    FOR i IN 1 .. array_length(p_kinds, 1) LOOP
        SELECT a.id INTO account_id FROM wallet_account a
            WHERE a.kind = p_kinds[i] AND a.owner_id IS NOT DISTINCT FROM p_owners[i];
        IF NOT FOUND THEN
            INSERT INTO wallet_account (kind, owner_id, balance, min_balance, created_at)
                VALUES (p_kinds[i], p_owners[i], 0, p_floors[i], now())
                ON CONFLICT DO NOTHING RETURNING id INTO account_id;
            IF account_id IS NULL THEN  -- opened concurrently
                SELECT a.id INTO account_id FROM wallet_account a
                    WHERE a.kind = p_kinds[i] AND a.owner_id IS NOT DISTINCT FROM p_owners[i];
            END IF;
        END IF;
        ids := ids || account_id;
    END LOOP;

    FOR leg IN
        SELECT l.id, l.amount FROM unnest(ids, p_amounts) AS l(id, amount) ORDER BY l.amount > 0, l.id
    LOOP
        UPDATE wallet_account a SET balance = a.balance + leg.amount
            WHERE a.id = leg.id
                AND (leg.amount > 0 OR a.min_balance IS NULL OR a.balance + leg.amount >= a.min_balance);
        IF NOT FOUND THEN
            -- Give back this transfer's earlier debits (their rows are still ours) and write nothing.
            UPDATE wallet_account w SET balance = w.balance - d.amount
                FROM unnest(done_ids, done_amounts) AS d(id, amount) WHERE w.id = d.id;
            outcome := 'insufficient';
            RETURN;
        END IF;
        done_ids := done_ids || leg.id;
        done_amounts := done_amounts || leg.amount;
    END LOOP;

    INSERT INTO wallet_entry (transfer_id, account_id, amount, created_at)
        SELECT transfer_id, l.id, l.amount, created_at FROM unnest(ids, p_amounts) AS l(id, amount);
    IF p_transfer_id IS NULL THEN
        INSERT INTO wallet_transfer (id, kind, reference, initiated_by_id, idempotency_key, memo, reverses_id, created_at)
            VALUES (transfer_id, p_kind, p_reference, p_initiated_by, p_key, p_memo, p_reverses, created_at);
    END IF;
    outcome := 'posted';
END $$;

DROP FUNCTION wallet_post_transfer(text, text, bigint, text, text, bigint, text[], bigint[], bigint[]);
DROP FUNCTION wallet_post_entries(bigint, timestamptz, text[], bigint[], bigint[]);
"""

_0004 = importlib.import_module("apps.wallet.migrations.0004_post_transfer_function")
_0005 = importlib.import_module("apps.wallet.migrations.0005_post_entries_function")
_on_postgresql = _0004._on_postgresql
# 0004 creates wallet_post_transfer, then 0005 adds wallet_post_entries and makes the former call it.
UNPOST = _0004.FUNCTION + _0005.POST_ENTRIES + (
    "DROP FUNCTION wallet_post(bigint, timestamptz, text, text, bigint, text, text, bigint,"
    " text[], bigint[], bigint[], bigint[]);"
)


def mint_without_floor(apps, schema_editor):
    apps.get_model("wallet", "Account").objects.filter(kind="mint").update(min_balance=None)


class Migration(migrations.Migration):
    dependencies = [("wallet", "0005_post_entries_function")]

    operations = [
        migrations.RemoveConstraint(model_name="account", name="balance_not_negative"),
        migrations.AddField(
            model_name="account",
            name="min_balance",
            field=models.BigIntegerField(blank=True, db_default=0, default=0, null=True),
        ),
        migrations.RunPython(mint_without_floor, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.CheckConstraint(
                condition=models.Q(("min_balance__isnull", True), ("balance__gte", models.F("min_balance")), _connector="OR"),
                name="balance_not_below_floor",
            ),
        ),
        migrations.RunPython(_on_postgresql(POST), _on_postgresql(UNPOST)),
    ]
