"""Item 5: the API's token door is locked out as the HTML sign-in is (allauth's limits, one count for
both doors), before the password hasher runs; and the API's writes are throttled per user."""

import uuid

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting the passwords it checks (each costs ~0.8 s in production)."""

    verified = 0

    def verify(self, password, encoded):
        CountingHasher.verified += 1
        return super().verify(password, encoded)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_lockout.CountingHasher"]
    CountingHasher.verified = 0
    return CountingHasher


@pytest.fixture
def address():
    """An address of this test's own: the cache (and so allauth's counts) outlives a test."""
    return "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])


@pytest.fixture
def athlete(counting_hasher):
    return UserFactory(username=f"lock{uuid.uuid4().hex[:10]}")


def _token(address, username, password):
    return APIClient(REMOTE_ADDR=address).post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_wrong_passwords_lock_the_username_out_before_the_hasher_runs(athlete, address, counting_hasher):
    for _ in range(5):  # allauth's default: 5 failures per login in 5 minutes
        assert _token(address, athlete.username, "wrong").status_code == 400
    checked = counting_hasher.verified
    locked = _token(address, athlete.username, PASSWORD)
    assert locked.status_code == 429
    body = locked.json()
    assert (body["code"], set(body)) == ("throttled", {"code", "detail", "retry_after"})
    assert 250 < body["retry_after"] <= 300
    assert locked["Retry-After"] == str(body["retry_after"])
    assert counting_hasher.verified == checked  # refused without checking the password
    assert _token("10.255.0.1", athlete.username, PASSWORD).status_code == 429  # another address too


def test_one_address_trying_many_usernames_is_locked_out(address, counting_hasher):
    for n in range(10):  # allauth's default: 10 failures per address a minute
        assert _token(address, f"nobody{n}{uuid.uuid4().hex[:6]}", "wrong").status_code == 400
    someone = UserFactory(username=f"lock{uuid.uuid4().hex[:10]}")
    assert _token(address, someone.username, PASSWORD).status_code == 429


def test_the_html_sign_in_and_the_api_share_one_count(client, athlete, address):
    for _ in range(5):
        page = client.post("/accounts/login/", {"login": athlete.username, "password": "wrong"}, REMOTE_ADDR=address)
        assert page.status_code == 200
    assert _token(address, athlete.username, PASSWORD).status_code == 429
    page = client.post("/accounts/login/", {"login": athlete.username, "password": PASSWORD}, REMOTE_ADDR=address)
    assert "_auth_user_id" not in client.session


def test_a_right_password_is_not_counted_as_a_failure(athlete, address):
    for _ in range(8):
        assert _token(address, athlete.username, PASSWORD).status_code == 200
    assert _token(address, athlete.username, "wrong").status_code == 400


def test_api_writes_are_throttled_per_user_reads_are_not(settings, auth_api_client):
    settings.API_WRITE_RATE = "3/min"
    creator = UserFactory()
    url = f"/api/v1/users/{creator.pk}/follow"
    assert [auth_api_client.post(url).status_code for _ in range(2)] == [201, 201]
    assert auth_api_client.delete(url).status_code == 200
    for _ in range(5):
        assert auth_api_client.get(f"/api/v1/users/{creator.pk}/profile").status_code == 200
    throttled = auth_api_client.post(url)
    assert throttled.status_code == 429
    body = throttled.json()
    assert (body["code"], set(body)) == ("throttled", {"code", "detail", "retry_after"})
    assert 0 < body["retry_after"] <= 60
    assert throttled["Retry-After"] == str(body["retry_after"])
    other = APIClient()
    other.force_authenticate(UserFactory())
    assert other.post(url).status_code == 201
