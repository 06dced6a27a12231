"""A platform-banned user who signs in with the right password is not signed in but shown their
suspension (reason, date), and the form for their one appeal or its status; a wrong password shows
the usual error and nothing of the ban; an approved appeal lets them sign in again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.adapter import INACTIVE_SIGN_IN_KEY, INACTIVE_SIGN_IN_MAX_AGE
from apps.moderation.models import Appeal, AppealStatus
from apps.moderation.services.appeals import appeal_decide
from apps.restrictions.services.actions import platform_ban
from tests.factories import PASSWORD, PlatformModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
SUSPENDED_URL = reverse("account_suspended")
REASON = "Selling fake coin codes in chat"
PLEA = "My account was used by my brother; I have changed the password."


@pytest.fixture
def moderator():
    return PlatformModeratorFactory()


@pytest.fixture
def banned(moderator):
    user = UserFactory()
    return user, platform_ban(actor=moderator, user=user, reason=REASON)


def _sign_in(client, user, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": user.username, "password": password})


def test_a_wrong_password_shows_the_usual_error_and_nothing_of_the_ban(client, banned):
    user, _ = banned
    page = _sign_in(client, user, "not-the-password")
    assert page.status_code == 200
    assert "password you specified are not correct." in page.text
    assert "suspended" not in page.text
    assert REASON not in page.text
    assert "_auth_user_id" not in client.session
    assert client.get(SUSPENDED_URL)["Location"] == reverse("account_login")


def test_the_right_password_shows_the_suspension_and_the_appeal_form(client, banned):
    user, restriction = banned
    page = _sign_in(client, user, PASSWORD)
    assert page["Location"] == SUSPENDED_URL
    assert "_auth_user_id" not in client.session
    page = client.get(SUSPENDED_URL)
    assert "Your account is suspended" in page.text
    assert REASON in page.text
    assert restriction.created_at.strftime("%Y") in page.text
    assert 'name="text"' in page.text
    assert 'maxlength="500"' in page.text


def test_the_one_appeal_is_sent_and_a_second_is_refused(client, banned):
    user, restriction = banned
    _sign_in(client, user)
    sent = client.post(SUSPENDED_URL, {"text": PLEA}, follow=True)
    appeal = Appeal.objects.get()
    assert (appeal.user, appeal.restriction, appeal.text, appeal.status) == (
        user,
        restriction,
        PLEA,
        AppealStatus.PENDING,
    )
    assert "Your appeal is sent" in sent.text
    assert "is pending" in sent.text
    assert 'name="text"' not in sent.text  # no form once appealed
    again = client.post(SUSPENDED_URL, {"text": "Please, again"})
    assert "You have already appealed this ban: one appeal per ban." in again.text
    assert "is pending" in again.text
    assert Appeal.objects.count() == 1


def test_an_appeal_longer_than_its_column_is_refused(client, banned):
    user, _ = banned
    _sign_in(client, user)
    page = client.post(SUSPENDED_URL, {"text": "x" * 501})
    assert "at most 500 characters" in page.text
    assert not Appeal.objects.exists()


def test_a_denied_appeal_shows_the_moderators_reason(client, banned, moderator):
    user, _ = banned
    _sign_in(client, user)
    client.post(SUSPENDED_URL, {"text": PLEA})
    appeal_decide(actor=moderator, appeal=Appeal.objects.get(), approve=False, reason="The codes came from you.")
    page = client.get(SUSPENDED_URL)
    assert "Your appeal was denied" in page.text
    assert "The codes came from you." in page.text
    assert 'name="text"' not in page.text


def test_an_approved_appeal_lifts_the_ban_and_the_user_signs_in_again(client, banned, moderator):
    user, _ = banned
    _sign_in(client, user)
    client.post(SUSPENDED_URL, {"text": PLEA})
    appeal_decide(actor=moderator, appeal=Appeal.objects.get(), approve=True)
    assert client.get(SUSPENDED_URL)["Location"] == reverse("account_login")  # active again: nothing to show
    _sign_in(client, user)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert INACTIVE_SIGN_IN_KEY not in client.session


def test_the_proof_of_the_password_expires(client, banned, monkeypatch):
    user, _ = banned
    _sign_in(client, user)
    later = timezone.now() + INACTIVE_SIGN_IN_MAX_AGE + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(SUSPENDED_URL)["Location"] == reverse("account_login")
    assert client.post(SUSPENDED_URL, {"text": PLEA})["Location"] == reverse("account_login")
    assert not Appeal.objects.exists()


def test_an_account_deactivated_for_another_reason_sees_allauths_inactive_page(client):
    user = UserFactory(is_active=False)
    _sign_in(client, user)
    assert client.get(SUSPENDED_URL)["Location"] == reverse("account_inactive")
