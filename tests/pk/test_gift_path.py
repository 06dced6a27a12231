"""The gift path (gift_send) with and without a PK battle: its queries, pinned; the rows it locks, in
the order apps/gifting/domain_events.py writes down (PostgreSQL), as stream_end's are in
apps/streaming/domain_events.py; inside it pk only writes, the score frame is read after the commit;
and its transaction is never part of a caller's."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.streaming import services as streaming
from tests.pk.conftest import gift, start, stream_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]

# gift_send's queries once the sender has sent there before (in a test, inside the test's transaction:
# its SAVEPOINT and RELEASE count). PostgreSQL posts the wallet's legs in one statement. One read is
# the sender's standing restrictions in the channel (a ban refuses every gift).
QUERIES = {
    "without a battle": {"postgresql": 12, "sqlite": 18},
    "with a battle": {"postgresql": 17, "sqlite": 23},
}


def _send(fan, host):
    return gifting.gift_send(stream=stream_of(host), sender=fan, gift_id=Gift.objects.get(name="Rose").pk)


def _statements(send) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        send()
    return [" ".join(query["sql"].split()) for query in queries]


def _locked(statements):
    """The table whose existing rows each locking statement takes, in order: an UPDATE, a SELECT ...
    FOR UPDATE, an INSERT ... ON CONFLICT (the row it meets) and the wallet's posting function (a
    SELECT of wallet_post: it updates the accounts). Plain INSERTs lock only their new rows."""
    for sql in statements:
        if (match := re.match(r'UPDATE "?(\w+)', sql)) or (
            (match := re.match(r'INSERT INTO "?(\w+)', sql)) and " ON CONFLICT " in sql
        ):
            yield match[1]
        elif sql.endswith(" FOR UPDATE"):
            yield re.search(r'FROM "?(\w+)', sql)[1]
        elif re.match(r"SELECT .*\bwallet_post\(", sql):
            yield "wallet_account"


@pytest.mark.parametrize("battle", ["without a battle", "with a battle"])
def test_gift_send_runs_a_pinned_number_of_queries(hosts, fan, battle, django_assert_num_queries):
    ana, bo = hosts[:2]
    if battle == "with a battle":
        start(ana, bo)
    stream, rose = stream_of(ana), Gift.objects.get(name="Rose").pk
    _send(fan, ana)
    with django_assert_num_queries(QUERIES[battle][connection.vendor]):
        gifting.gift_send(stream=stream, sender=fan, gift_id=rose)


@pytest.mark.postgres
def test_a_gift_in_a_battle_locks_the_shared_rows_in_the_written_order(hosts, fan):
    ana, bo = hosts[:2]
    start(ana, bo)
    _send(fan, ana)
    locked = list(_locked(_statements(lambda: _send(fan, ana))))
    # apps/gifting/domain_events.py: the sender's leaderboard row, the wallet's accounts, the
    # stream's gift totals, then the hooks' rows (pk: the battle, then its side).
    assert locked == [
        "gifting_streamgifter",
        "wallet_account",
        "gifting_streamgifttotals",
        "pk_battle",
        "pk_side",
        "pk_battle",
    ]


@pytest.mark.postgres
def test_a_stream_end_locks_the_stream_before_the_battle(hosts):
    ana, bo = hosts[:2]
    start(ana, bo)
    stream = stream_of(ana)
    locked = list(_locked(_statements(lambda: streaming.stream_end(stream=stream, by=ana))))
    first_battle = locked.index("pk_battle")
    assert "streaming_stream" in locked[:first_battle]
    assert "streaming_stream" not in locked[first_battle:]
    assert not {"gifting_streamgifttotals", "wallet_account"} & set(locked)


def test_inside_the_gift_pk_only_writes_and_the_score_frame_is_read_after_the_commit(
    hosts, fan, django_capture_on_commit_callbacks
):
    ana, bo = hosts[:2]
    start(ana, bo)
    with django_capture_on_commit_callbacks() as callbacks:
        statements = _statements(lambda: _send(fan, ana))
    battle_locked = next(i for i, sql in enumerate(statements) if sql.startswith('SELECT "pk_battle"'))
    pk_part = [" ".join(sql.split()[:3]) for sql in statements[battle_locked + 1 :] if "SAVEPOINT" not in sql]
    assert pk_part == [
        "SELECT 1 AS",  # the host still fights, read again under the lock
        'INSERT INTO "pk_contribution"',
        'UPDATE "pk_side" SET',
        'UPDATE "pk_battle" SET',
    ]
    with CaptureQueriesContext(connection) as after_commit:
        for callback in callbacks:
            callback()
    assert any('FROM "pk_contribution"' in query["sql"] for query in after_commit)  # the SU frame's top gifters


def test_a_gift_is_never_part_of_a_callers_transaction(hosts, fan):
    ana = hosts[0]
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        gift(fan, ana)
