"""Races that only a real database with concurrent connections can show."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from apps.accounts import services
from apps.accounts.errors import VerificationAlreadyPending
from apps.accounts.models import Follow, VerificationRequest
from tests.factories import UserFactory, documents_for, make_verifiable

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 10


def _in_threads(work, count=THREADS):
    def run(index):
        try:
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_verification_requests_make_exactly_one():
    athlete = UserFactory()
    make_verifiable(athlete)

    def request(_):
        try:
            services.verification_request_create(
                user=athlete, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED")
            )
        except VerificationAlreadyPending:
            return "pending"
        return "created"

    outcomes = _in_threads(request)
    assert sorted(outcomes) == ["created"] + ["pending"] * (THREADS - 1)
    assert VerificationRequest.objects.filter(user=athlete).count() == 1
    assert VerificationRequest.objects.get(user=athlete).documents.count() == 3


def test_concurrent_follows_make_one_follow():
    fan, creator = UserFactory(), UserFactory()
    _in_threads(lambda _: services.follow_create(follower=fan, creator=creator))
    assert Follow.objects.filter(follower=fan, creator=creator).count() == 1
