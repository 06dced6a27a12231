import pytest
from django.core.management import call_command

from apps.accounts.models import Follow, User, VerificationRequest

pytestmark = pytest.mark.django_db


def _counts():
    return User.objects.count(), Follow.objects.count(), VerificationRequest.objects.count()


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == 9
    tiers = set(User.objects.values_list("profile__verification_tier", flat=True))
    assert {"CELEBRITY", "ELITE_VERIFIED", "PREMIUM_VERIFIED", "BASIC_VERIFIED", "UNVERIFIED"} <= tiers
    assert User.objects.get(username="staff").is_staff
    out = capsys.readouterr().out
    assert "ballskill-demo" in out
    assert "hooperjay" in out
