"""Many gifts landing on a battle as it ends, on PostgreSQL: the result is exactly the sum of the
Contribution rows, every gift is paid and recorded, and none scores after the end."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Condition

import pytest
from django.db import connection
from django.db.models import Sum

from apps.gifting.models import GiftSend, StreamGiftTotals
from apps.pk import services
from apps.pk.models import Battle, Contribution, Side
from apps.wallet.audit import audit
from tests.pk.conftest import gift, start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SENDERS = 16
BEFORE_THE_END = 2  # gifts each sender has sent before the last stretch
AROUND_THE_END = 4  # gifts each sender sends in the last stretch, while the end comes
# The end comes once this many gifts of the last stretch are in: mid-stream, not before them all.
END_AFTER = SENDERS // 2


def test_the_result_is_the_sum_of_contributions_when_gifts_land_at_the_end(hosts, make_fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    fans = [make_fan() for _ in range(SENDERS)]
    last_stretch = Barrier(SENDERS)
    landed = Condition()
    late_gifts = 0

    def send(index: int) -> None:
        nonlocal late_gifts
        fan, host = fans[index], (ana, bo)[index % 2]
        try:
            for _ in range(BEFORE_THE_END):
                gift(fan, host, "Rose", 1 + index)
            last_stretch.wait()
            for _ in range(AROUND_THE_END):
                gift(fan, host, "Rose", 1 + index)
                with landed:
                    late_gifts += 1
                    landed.notify_all()
        finally:
            connection.close()

    def end() -> None:
        try:
            with landed:
                landed.wait_for(lambda: late_gifts >= END_AFTER, timeout=60)
            services.battle_end(battle=battle, now=battle.ends_at)  # the clock runs out now
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=SENDERS + 1) as pool:
        futures = [pool.submit(send, i) for i in range(SENDERS)] + [pool.submit(end)]
        for future in futures:
            future.result()

    battle = Battle.objects.get(pk=battle.pk)
    assert battle.status == "ended"
    sums = dict(Contribution.objects.filter(battle=battle).values_list("side").annotate(total=Sum("points")))
    sides = list(Side.objects.filter(battle=battle).order_by("position"))
    assert [side.points for side in sides] == [sums.get(side.pk, 0) for side in sides]
    totals = [side.points for side in sides]
    expected = None if totals[0] == totals[1] else sides[0 if totals[0] > totals[1] else 1].pk
    assert battle.winner_id == expected
    # Everything before the end counted; whatever came after stayed an ordinary gift, paid in full.
    scored = Contribution.objects.filter(battle=battle).count()
    assert SENDERS * BEFORE_THE_END + END_AFTER <= scored < SENDERS * (BEFORE_THE_END + AROUND_THE_END)
    assert GiftSend.objects.count() == SENDERS * (BEFORE_THE_END + AROUND_THE_END)
    assert not Contribution.objects.exclude(multiplier=1).exists()
    coins = sum(StreamGiftTotals.objects.filter(stream__creator__in=[ana, bo]).values_list("gift_coins", flat=True))
    assert coins == sum((1 + i) * (BEFORE_THE_END + AROUND_THE_END) for i in range(SENDERS))
    assert audit() == []
