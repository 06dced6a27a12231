"""Sign-up is limited per address (5 accounts an hour: a form error, no account), and accounts
opened in a burst from one address (3 within an hour) are flagged for the desk."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import SIGNUP_BURST_SIZE, SIGNUPS_PER_ADDRESS, SignupAddress, User
from tests.factories import PASSWORD, PlatformModeratorFactory

pytestmark = pytest.mark.django_db
SIGNUP = "/accounts/signup/"


@pytest.fixture
def address():
    return "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])


def _sign_up(client, address, name=None):
    name = name or f"new{uuid.uuid4().hex[:10]}"
    data = {"username": name, "email": f"{name}@example.com", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(SIGNUP, data, REMOTE_ADDR=address)
    client.logout()
    return name, response


def test_a_sign_up_keeps_its_address_and_one_alone_is_no_burst(client, address):
    name, response = _sign_up(client, address)
    assert response.status_code == 302
    record = SignupAddress.objects.get(user__username=name)
    assert (record.address, record.in_burst) == (address, False)


def test_a_burst_from_one_address_flags_every_account_of_it(client, address):
    names = [_sign_up(client, address)[0] for _ in range(SIGNUP_BURST_SIZE)]
    other, _ = _sign_up(client, "192.0.2.77")
    assert set(SignupAddress.objects.filter(in_burst=True).values_list("user__username", flat=True)) == set(names)
    assert not SignupAddress.objects.get(user__username=other).in_burst


def test_accounts_an_hour_apart_are_no_burst(client, address, monkeypatch):
    start = timezone.now()
    for hours in range(SIGNUP_BURST_SIZE):
        monkeypatch.setattr(timezone, "now", lambda hours=hours: start + timedelta(hours=hours, minutes=1))
        _sign_up(client, address)
    assert not SignupAddress.objects.filter(in_burst=True).exists()


def test_the_sixth_sign_up_in_an_hour_is_refused_with_a_clear_error(client, address, monkeypatch):
    for _ in range(SIGNUPS_PER_ADDRESS):
        assert _sign_up(client, address)[1].status_code == 302
    name, refused = _sign_up(client, address)
    assert refused.status_code == 200
    assert "Too many accounts were opened from your network in the last hour" in refused.content.decode()
    assert not User.objects.filter(username=name).exists()
    assert _sign_up(client, "192.0.2.78")[1].status_code == 302  # another address is not held back

    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert _sign_up(client, address)[1].status_code == 302


def test_bursts_are_a_desk_panel(client, address):
    names = [_sign_up(client, address)[0] for _ in range(SIGNUP_BURST_SIZE)]
    client.force_login(PlatformModeratorFactory())
    panel = client.get("/moderation/panels/signup_bursts/").content.decode()
    assert address in panel
    assert f">{SIGNUP_BURST_SIZE}<" in panel
    for name in names:
        assert name in panel
