import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.accounts.models import Follow, User, VerificationRequest
from apps.gifting.models import GiftSend
from apps.streaming.models import ChatMessage, Stream
from apps.wallet.audit import audit
from apps.wallet.models import Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gift_catalog():
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def _counts():
    return tuple(
        model.objects.count() for model in (User, Follow, VerificationRequest, Stream, ChatMessage, GiftSend, Transfer)
    )


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == 9
    tiers = set(User.objects.values_list("profile__verification_tier", flat=True))
    assert {"CELEBRITY", "ELITE_VERIFIED", "PREMIUM_VERIFIED", "BASIC_VERIFIED", "UNVERIFIED"} <= tiers
    assert User.objects.get(username="staff").is_staff
    assert sorted(Stream.objects.values_list("status", flat=True)) == ["ended", "live", "scheduled"]
    assert GiftSend.objects.count() == 1
    assert audit() == []
    out = capsys.readouterr().out
    assert "ballskill-demo" in out
    assert "hooperjay" in out
