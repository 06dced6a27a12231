"""Verification requests on the desk: platform moderators approve or reject them (a reason to
reject) through the accounts services, read their documents, and the admin still works for staff."""

import pytest
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import VerificationStatus
from tests.factories import PlatformModeratorFactory, UserFactory, documents_for, make_verifiable
from tests.moderation.desk_support import channel_with_moderator

pytestmark = pytest.mark.django_db


def _pending():
    user = UserFactory()
    make_verifiable(user)
    return services.verification_request_create(
        user=user, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED")
    )


def _decide(client, request, **data):
    return client.post(
        reverse("moderation:verification_decide", args=[request.pk]), data, headers={"HX-Request": "true"}
    )


def test_a_platform_moderator_approves_and_the_user_gets_the_tier(client):
    request = _pending()
    moderator = PlatformModeratorFactory()
    client.force_login(moderator)
    response = _decide(client, request, decision="approve")
    assert response.status_code == 200
    request.refresh_from_db()
    assert (request.status, request.reviewed_by) == (VerificationStatus.APPROVED, moderator)
    request.user.profile.refresh_from_db()
    assert request.user.profile.verification_tier == "BASIC_VERIFIED"
    # The refreshed panel no longer lists it.
    assert f'data-item-id="{request.pk}"' not in response.content.decode()


def test_a_rejection_needs_a_reason_and_keeps_it(client):
    request = _pending()
    client.force_login(PlatformModeratorFactory())
    response = _decide(client, request, decision="reject", reason="")
    assert "Say why the request is rejected" in response.content.decode()
    request.refresh_from_db()
    assert request.status == VerificationStatus.PENDING

    _decide(client, request, decision="reject", reason="The ID photo is unreadable.")
    request.refresh_from_db()
    assert (request.status, request.review_reason) == (VerificationStatus.REJECTED, "The ID photo is unreadable.")


def test_deciding_twice_says_it_was_already_reviewed(client):
    request = _pending()
    client.force_login(PlatformModeratorFactory())
    _decide(client, request, decision="approve")
    response = client.post(reverse("moderation:verification_decide", args=[request.pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert "already reviewed" in str(list(response.wsgi_request._messages))


def test_channel_moderators_and_viewers_cannot_decide(client):
    request = _pending()
    _creator, moderator = channel_with_moderator()
    for user in (moderator, UserFactory()):
        client.force_login(user)
        assert _decide(client, request, decision="approve").status_code == 403
    request.refresh_from_db()
    assert request.status == VerificationStatus.PENDING


def test_the_desk_links_documents_a_platform_moderator_may_read(client):
    request = _pending()
    client.force_login(PlatformModeratorFactory())
    page = client.get("/moderation/panels/verification/").content.decode()
    document = request.documents.first()
    link = reverse("accounts:verification_document", args=[document.pk])
    assert link in page
    assert client.get(link).status_code == 200


def test_the_admin_still_reviews_for_staff(staff_client):
    request = _pending()
    response = staff_client.post(
        reverse("admin:accounts_verificationrequest_change", args=[request.pk]), {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == VerificationStatus.APPROVED
