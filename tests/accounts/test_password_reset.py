"""Item 12: the password reset form answers alike whether or not an address has an account."""

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"


def test_password_reset_does_not_tell_who_has_an_account(client):
    athlete = UserFactory()
    known = client.post(RESET_URL, {"email": athlete.email})
    unknown = client.post(RESET_URL, {"email": "nobody-here@example.com"})
    assert (known.status_code, unknown.status_code) == (302, 302)
    assert known["Location"] == unknown["Location"]
    # Only the owner of each address learns the answer, by email.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([athlete.email, "nobody-here@example.com"])
    reset = next(message for message in mail.outbox if message.to == [athlete.email])
    assert "/accounts/password/reset/key/" in reset.body


def test_sign_up_still_names_a_taken_email(client):
    athlete = UserFactory()
    page = client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "email": athlete.email,
            "password1": "a-strong-pass-42",
            "password2": "a-strong-pass-42",
        },
    )
    assert page.status_code == 200
    assert "email" in page.context["form"].errors
