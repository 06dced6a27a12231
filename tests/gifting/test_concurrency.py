"""Many senders gifting one stream at once, on PostgreSQL: every total exact, the books balanced."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.gifting import services
from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals
from apps.streaming.models import ChatMessage
from apps.wallet import services as wallet
from apps.wallet.accounts import system_account, user_account
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind, IdempotentResponse
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SENDERS = 20
GIFTS_EACH = 3


def test_many_senders_gifting_one_stream_at_once(stream):
    staff = UserFactory(is_staff=True)
    senders = UserFactory.create_batch(SENDERS)
    for sender in senders:
        wallet.wallet_grant(user=sender, amount=1000, reason="test", granted_by=staff)
    crown = Gift.objects.get(name="Crown").pk
    start = Barrier(SENDERS)

    def gift_three(sender):
        start.wait()
        try:
            for _ in range(GIFTS_EACH):
                services.gift_send(stream=stream, sender=sender, gift_id=crown)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        list(pool.map(gift_three, senders))

    total = SENDERS * GIFTS_EACH * 50
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.gifts_count, totals.gift_coins) == (SENDERS * GIFTS_EACH, total)
    assert GiftSend.objects.filter(stream=stream).count() == SENDERS * GIFTS_EACH
    assert sorted(StreamGifter.objects.filter(stream=stream).values_list("coins", flat=True)) == [150] * SENDERS
    assert all(balance_of(user=sender) == 850 for sender in senders)
    assert user_account(stream.creator, AccountKind.CREATOR_EARNINGS).balance == total * 70 // 100
    assert system_account(AccountKind.PLATFORM_REVENUE).balance == total * 30 // 100
    assert audit() == []


def test_the_same_idempotency_key_sent_at_once_pays_one_gift(stream):
    """A client retrying while its first request is still running: one gift, both answers the same."""
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=1000, reason="test", granted_by=UserFactory(is_staff=True))
    crown = Gift.objects.get(name="Crown").pk
    start = Barrier(4)

    def send(_):
        start.wait()
        try:
            return services.gift_send(stream=stream, sender=fan, gift_id=crown, idempotency_key="tap-1").pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(send, range(4)))

    assert len(set(answers)) == 1
    assert GiftSend.objects.count() == 1
    assert StreamGifter.objects.get(stream=stream, sender=fan).coins == 50  # the losers' writes undone
    assert ChatMessage.objects.filter(stream=stream, kind="gift").count() == 1
    assert balance_of(user=fan) == 950
    assert audit() == []


def test_the_same_idempotency_key_posted_at_once_to_the_api_gets_one_gift_and_one_answer(stream):
    """The API stores its answer after the gift commits: racing requests still agree on it."""
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=1000, reason="test", granted_by=UserFactory(is_staff=True))
    token = Token.objects.create(user=fan).key
    crown = Gift.objects.get(name="Crown").pk
    start = Barrier(4)

    def post(_):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}", HTTP_IDEMPOTENCY_KEY="tap-api-000001")
        start.wait()
        try:
            response = client.post(f"/api/v1/streams/{stream.pk}/gifts", {"gift_id": crown}, format="json")
            return response.status_code, response.json()["gift"]["id"], response.json()["balance"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(post, range(4)))

    assert {status for status, _, _ in answers} == {201}
    assert len({gift for _, gift, _ in answers}) == 1
    assert GiftSend.objects.count() == 1
    assert IdempotentResponse.objects.filter(user=fan, key="tap-api-000001").count() == 1
    assert balance_of(user=fan) == 950
    assert audit() == []
