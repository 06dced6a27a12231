"""Staff review verification requests and grant tiers in Django admin."""

import pytest
from django.urls import reverse

from apps.accounts.models import VerificationRequest
from apps.accounts.tiers import Tier
from tests.factories import UserFactory, documents_for, make_verifiable

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_request():
    from apps.accounts import services

    athlete = UserFactory()
    make_verifiable(athlete)
    return services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
    )


def _change_url(request):
    return reverse("admin:accounts_verificationrequest_change", args=[request.pk])


def test_review_queue_lists_pending_requests(staff_client, pending_request):
    page = staff_client.get(reverse("admin:accounts_verificationrequest_changelist") + "?status__exact=PENDING")
    assert pending_request.user.username in page.content.decode()
    detail = staff_client.get(_change_url(pending_request)).content.decode()
    assert "Government ID" in detail
    assert "Decision" in detail


def test_staff_approve_in_admin(staff_client, pending_request):
    response = staff_client.post(_change_url(pending_request), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == "APPROVED"
    pending_request.user.profile.refresh_from_db()
    assert pending_request.user.profile.verification_tier == Tier.BASIC_VERIFIED


def test_staff_reject_needs_a_reason(staff_client, pending_request):
    response = staff_client.post(_change_url(pending_request), {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Say why the request is rejected" in response.content.decode()
    pending_request.refresh_from_db()
    assert pending_request.status == "PENDING"
    staff_client.post(_change_url(pending_request), {"decision": "reject", "reason": "Blurry ID"})
    pending_request.refresh_from_db()
    assert (pending_request.status, pending_request.review_reason) == ("REJECTED", "Blurry ID")


def test_staff_grant_celebrity_from_the_profile_list(staff_client):
    athlete = UserFactory()
    url = reverse("admin:accounts_athleteprofile_changelist")
    form = {"action": "grant_tier", "_selected_action": [athlete.profile.pk]}
    confirm = staff_client.post(url, form)
    assert "Grant a verification tier" in confirm.content.decode()
    staff_client.post(url, {**form, "apply": "1", "tier": "CELEBRITY", "reason": "Invited: NBA alumnus"})
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.CELEBRITY
    assert VerificationRequest.objects.get(user=athlete).is_staff_grant


def test_grant_without_reason_changes_nothing(staff_client):
    athlete = UserFactory()
    url = reverse("admin:accounts_athleteprofile_changelist")
    form = {"action": "grant_tier", "_selected_action": [athlete.profile.pk], "apply": "1", "tier": "CELEBRITY"}
    response = staff_client.post(url, form)
    assert "This field is required" in response.content.decode()
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.UNVERIFIED
