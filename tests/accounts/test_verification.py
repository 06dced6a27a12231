"""Verification requests, review, grants and the VB frame."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts import services
from apps.accounts.errors import (
    TierNotRequestable,
    VerificationAlreadyPending,
    VerificationAlreadyReviewed,
    VerificationRequestInvalid,
)
from apps.accounts.models import VerificationDocument, VerificationRequest
from apps.accounts.tiers import TIERS, Tier
from apps.realtime.groups import user_group
from tests.factories import UserFactory, documents_for, pdf_upload
from tests.realtime.helpers import GroupListener

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def test_tiers_are_defined_once_with_the_product_spec_colours_and_fees():
    assert [spec.color for spec in TIERS.values()] == ["#666666", "#4A90E2", "#FFD700", "#FF6B35", "#E91E63"]
    assert TIERS[Tier.PREMIUM_VERIFIED].monthly_fee_cents == 2999
    assert TIERS[Tier.ELITE_VERIFIED].monthly_fee_cents == 9999
    assert [r.code for r in TIERS[Tier.BASIC_VERIFIED].requirements] == [
        "government_id",
        "phone_verification",
        "face_photo",
    ]
    assert TIERS[Tier.CELEBRITY].invitation_only


def test_a_complete_request_is_stored_with_its_documents(athlete):
    request = services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED), message="Hi"
    )
    assert request.status == "PENDING"
    assert sorted(request.documents.values_list("requirement", flat=True)) == sorted(
        ["government_id", "phone_verification", "face_photo"]
    )
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.UNVERIFIED


def test_celebrity_cannot_be_requested(athlete):
    with pytest.raises(TierNotRequestable) as error:
        services.verification_request_create(user=athlete, tier=Tier.CELEBRITY, documents={})
    assert error.value.code == "tier_invitation_only"
    assert not VerificationRequest.objects.exists()


@pytest.mark.parametrize("missing", ["government_id", "phone_verification", "face_photo"])
def test_every_required_document_must_be_there(athlete, missing):
    documents = documents_for(Tier.BASIC_VERIFIED)
    del documents[missing]
    with pytest.raises(VerificationRequestInvalid) as error:
        services.verification_request_create(user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents)
    assert error.value.field == missing
    assert not VerificationRequest.objects.exists()
    assert not VerificationDocument.objects.exists()


def test_a_document_that_is_not_an_image_pdf_or_video_is_refused(athlete):
    documents = documents_for(Tier.BASIC_VERIFIED)
    documents["government_id"] = SimpleUploadedFile("id.exe", b"MZ\x90\x00binary", content_type="image/png")
    with pytest.raises(VerificationRequestInvalid, match="Government ID"):
        services.verification_request_create(user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents)
    assert not VerificationRequest.objects.exists()


def test_an_oversized_document_is_refused(athlete, settings):
    settings.VERIFICATION_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(VerificationRequestInvalid, match="too large"):
        services.verification_request_create(
            user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
        )


def test_a_document_the_tier_does_not_ask_for_is_refused(athlete):
    documents = {**documents_for(Tier.BASIC_VERIFIED), "skill_demonstration": pdf_upload()}
    with pytest.raises(VerificationRequestInvalid, match="skill_demonstration"):
        services.verification_request_create(user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents)


def test_a_photo_and_real_name_are_needed_first():
    user = UserFactory()
    with pytest.raises(VerificationRequestInvalid, match="profile photo"):
        services.verification_request_create(
            user=user, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
        )


def test_higher_tiers_need_the_tier_below(athlete):
    with pytest.raises(VerificationRequestInvalid, match="requires Basic verified first"):
        services.verification_request_create(
            user=athlete, tier=Tier.PREMIUM_VERIFIED, documents=documents_for(Tier.PREMIUM_VERIFIED)
        )


def test_one_pending_request_at_a_time(athlete):
    documents = documents_for(Tier.BASIC_VERIFIED)
    services.verification_request_create(user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents)
    with pytest.raises(VerificationAlreadyPending):
        services.verification_request_create(
            user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
        )
    assert VerificationRequest.objects.count() == 1


def test_approval_sets_tier_and_date_and_sends_vb_after_commit(athlete, staff, django_capture_on_commit_callbacks):
    request = services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
    )
    listener = GroupListener(user_group(athlete.pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.verification_request_approve(request=request, reviewer=staff, reason="ID checked")
    # Nothing is sent before the commit; the frame is queued for it, then the decision's event.
    assert len(callbacks) == 2
    callbacks[0]()
    frame = listener.next_frame()
    listener.close()
    assert frame["t"] == "VB"
    assert frame["d"]["tier"] == "BASIC_VERIFIED"
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.BASIC_VERIFIED
    assert athlete.profile.verification_date is not None
    request.refresh_from_db()
    assert (request.status, request.reviewed_by, request.review_reason) == ("APPROVED", staff, "ID checked")


def test_rejection_needs_a_reason_and_leaves_the_tier(athlete, staff):
    request = services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
    )
    with pytest.raises(VerificationRequestInvalid):
        services.verification_request_reject(request=request, reviewer=staff, reason="  ")
    services.verification_request_reject(request=request, reviewer=staff, reason="ID is blurry")
    request.refresh_from_db()
    assert request.status == "REJECTED"
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.UNVERIFIED


def test_a_request_is_reviewed_once(athlete, staff):
    request = services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
    )
    services.verification_request_reject(request=request, reviewer=staff, reason="Blurry")
    with pytest.raises(VerificationAlreadyReviewed):
        services.verification_request_approve(request=request, reviewer=staff)
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.UNVERIFIED


def test_staff_grant_celebrity_on_the_record(athlete, staff):
    pending = services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
    )
    grant = services.verification_tier_grant(user=athlete, tier=Tier.CELEBRITY, granted_by=staff, reason="NBA star")
    assert grant.is_staff_grant
    assert grant.status == "APPROVED"
    pending.refresh_from_db()
    assert pending.status == "REJECTED"
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.CELEBRITY


def test_the_ladder_climbs_basic_premium_elite(athlete, staff):
    for tier in (Tier.BASIC_VERIFIED, Tier.PREMIUM_VERIFIED, Tier.ELITE_VERIFIED):
        request = services.verification_request_create(user=athlete, tier=tier, documents=documents_for(tier))
        services.verification_request_approve(request=request, reviewer=staff)
    athlete.profile.refresh_from_db()
    assert athlete.profile.verification_tier == Tier.ELITE_VERIFIED
    with pytest.raises(VerificationRequestInvalid, match="already hold"):
        services.verification_request_create(
            user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for(Tier.BASIC_VERIFIED)
        )
