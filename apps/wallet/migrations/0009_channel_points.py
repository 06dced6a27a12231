"""Channel points: a second unit in the same ledger, scoped to a channel (its creator).

Account gains `channel` (points kinds have one, coin kinds none) and three kinds: a viewer's
points wallet, a channel's points escrow and its points mint (no floor). Coin accounts keep one
per (kind, owner) and one per system kind; points accounts are one per (kind, owner, channel)
and one per (kind, channel): partial unique constraints, since NULLs never collide.

On PostgreSQL wallet_post takes one more array, the legs' channels, to find (or open) each
account by kind, owner and channel. It finds it in one probe of a new index on that name, with
NULL as 0 (0006 compared with IS NOT DISTINCT FROM, which no index answers; it leaned on the
kind column of the (kind, owner) unique index, now partial). The posting rule is otherwise
0006's, unchanged: open missing accounts with their kind's floor, move the legs debits first
then credits, each group in account-id order, a debit only down to its account's min_balance,
give back the debits and answer 'insufficient' when one is refused, write the entries, then
(a whole transfer) its row.

Back: 0006's function again (points accounts must be gone first: coin constraints are restored).
"""

import importlib

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

POST = """
CREATE FUNCTION wallet_post(
    p_transfer_id bigint, p_created_at timestamptz,
    p_kind text, p_reference text, p_initiated_by bigint, p_key text, p_memo text, p_reverses bigint,
    p_kinds text[], p_owners bigint[], p_channels bigint[], p_floors bigint[], p_amounts bigint[],
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
            WHERE a.kind = p_kinds[i] AND COALESCE(a.owner_id, 0) = COALESCE(p_owners[i], 0)
                AND COALESCE(a.channel_id, 0) = COALESCE(p_channels[i], 0);
        IF NOT FOUND THEN
            INSERT INTO wallet_account (kind, owner_id, channel_id, balance, min_balance, created_at)
                VALUES (p_kinds[i], p_owners[i], p_channels[i], 0, p_floors[i], now())
                ON CONFLICT DO NOTHING RETURNING id INTO account_id;
            IF account_id IS NULL THEN  -- opened concurrently
                SELECT a.id INTO account_id FROM wallet_account a
                    WHERE a.kind = p_kinds[i] AND COALESCE(a.owner_id, 0) = COALESCE(p_owners[i], 0)
                        AND COALESCE(a.channel_id, 0) = COALESCE(p_channels[i], 0);
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
"""

_0006 = importlib.import_module("apps.wallet.migrations.0006_account_min_balance")
_on_postgresql = _0006._on_postgresql
_WITHOUT_CHANNELS = "wallet_post(bigint, timestamptz, text, text, bigint, text, text, bigint, text[], bigint[], bigint[], bigint[])"
_WITH_CHANNELS = (
    "wallet_post(bigint, timestamptz, text, text, bigint, text, text, bigint, text[], bigint[], bigint[], bigint[], bigint[])"
)
# 0006's text creates its wallet_post, then drops the functions before it: only the first part.
_POST_WITHOUT_CHANNELS = _0006.POST[: _0006.POST.index("DROP FUNCTION")]
REPLACE = f"DROP FUNCTION {_WITHOUT_CHANNELS};" + POST
UNREPLACE = f"DROP FUNCTION {_WITH_CHANNELS};" + _POST_WITHOUT_CHANNELS

class Migration(migrations.Migration):

    dependencies = [
        ('wallet', '0008_alter_transfer_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='account',
            name='one_account_per_kind_and_owner',
        ),
        migrations.RemoveConstraint(
            model_name='account',
            name='one_system_account_per_kind',
        ),
        migrations.RemoveConstraint(
            model_name='account',
            name='owner_matches_kind',
        ),
        migrations.AddField(
            model_name='account',
            name='channel',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='account',
            name='kind',
            field=models.CharField(choices=[('user_wallet', 'User wallet'), ('creator_earnings', 'Creator earnings'), ('platform_revenue', 'Platform revenue'), ('mint', 'Mint'), ('escrow', 'Escrow'), ('payouts_in_flight', 'Payouts in flight'), ('points_wallet', 'Points wallet'), ('points_escrow', 'Points escrow'), ('points_mint', 'Points mint')], max_length=20),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='kind',
            field=models.CharField(choices=[('purchase', 'Purchase'), ('gift', 'Gift'), ('spend', 'Spend'), ('refund', 'Refund'), ('payout', 'Payout requested'), ('payout_paid', 'Payout paid'), ('payout_failed', 'Payout returned'), ('grant', 'Grant'), ('clawback', 'Claw-back'), ('escrow', 'Escrow'), ('prize', 'Prize'), ('platform_cut', 'Platform cut'), ('tip', 'Tip'), ('shot_challenge', 'Shot challenge'), ('points_earned', 'Points earned'), ('points_staked', 'Points staked'), ('points_won', 'Points won'), ('points_refunded', 'Points refunded')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', True)), fields=('kind', 'owner'), name='one_account_per_kind_and_owner'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', True), ('owner__isnull', True)), fields=('kind',), name='one_system_account_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', False), ('owner__isnull', False)), fields=('kind', 'owner', 'channel'), name='one_points_account_per_kind_owner_and_channel'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(condition=models.Q(('channel__isnull', False), ('owner__isnull', True)), fields=('kind', 'channel'), name='one_channel_account_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ('user_wallet', 'creator_earnings', 'points_wallet')), ('owner__isnull', False)), models.Q(('owner__isnull', True), models.Q(('kind__in', ('user_wallet', 'creator_earnings', 'points_wallet')), _negated=True)), _connector='OR'), name='owner_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('channel__isnull', False), ('kind__in', ('points_wallet', 'points_escrow', 'points_mint'))), models.Q(('channel__isnull', True), models.Q(('kind__in', ('points_wallet', 'points_escrow', 'points_mint')), _negated=True)), _connector='OR'), name='channel_matches_kind'),
        ),
        migrations.AddIndex(
            model_name="account",
            index=models.Index(
                models.F("kind"),
                django.db.models.functions.comparison.Coalesce("owner", 0, output_field=models.BigIntegerField()),
                django.db.models.functions.comparison.Coalesce("channel", 0, output_field=models.BigIntegerField()),
                name="account_by_name",
            ),
        ),
        migrations.RunPython(_on_postgresql(REPLACE), _on_postgresql(UNREPLACE)),
    ]
