"""One viewer unlocking a pay-per-view stream from many requests at once, on PostgreSQL: every
request gets its answer, the viewer pays once."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.streaming.models import PayPerViewAccess
from apps.wallet import services as wallet
from apps.wallet.audit import audit
from apps.wallet.models import Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

UNLOCKS = 20


def test_twenty_unlocks_at_once_all_answer_200_and_charge_once():
    stream = LiveStreamFactory(pay_per_view_cost=100)
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=1000, reason="test", granted_by=UserFactory(is_staff=True))
    token = Token.objects.create(user=fan).key
    start = Barrier(UNLOCKS)

    def unlock(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        start.wait()
        try:
            return client.post(f"/api/v1/streams/{stream.pk}/unlock").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=UNLOCKS) as pool:
        statuses = list(pool.map(unlock, range(UNLOCKS)))

    assert statuses == [200] * UNLOCKS
    assert PayPerViewAccess.objects.filter(stream=stream, user=fan).count() == 1
    assert Transfer.objects.filter(initiated_by=fan, reference=f"stream:{stream.pk}").count() == 1
    assert balance_of(user=fan) == 900
    assert audit() == []
