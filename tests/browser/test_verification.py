"""Verification in a real browser: a bad file is refused as it is chosen, beside its field, and the
files chosen in the other fields stay chosen; the tiers' Request buttons stay inside their cards."""

import re

import pytest
from playwright.sync_api import expect

from apps.accounts.models import AthleteProfile, VerificationRequest
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import UserFactory, make_verifiable, pdf_bytes

pytestmark = pytest.mark.browser

PDF = "application/pdf"


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": PDF, "buffer": pdf_bytes()}


def _chosen(page, name: str) -> int:
    return page.locator(f'input[name="{name}"]').evaluate("input => input.files.length")


def test_a_bad_file_is_refused_as_it_is_chosen_and_the_others_stay_chosen(open_page, save_screenshot, settings):
    user = UserFactory(username="verify_me")
    make_verifiable(user)
    page = open_page("/verification/request/BASIC_VERIFIED/", user, viewport=PHONE)
    page.locator('input[name="government_id"]').set_input_files(_pdf("passport.pdf"))
    page.locator('input[name="face_photo"]').set_input_files(_pdf("selfie.pdf"))

    phone = page.locator('input[name="phone_verification"]')
    phone.set_input_files({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"just words"})
    problem = page.locator("#id_phone_verification_problem")
    expect(problem).to_have_text("notes.txt is not a photo, a PDF or an MP4 video. Choose another file.")
    expect(phone).to_have_accessible_description(re.compile(r"notes\.txt is not a photo, a PDF or an MP4 video"))
    assert _chosen(page, "phone_verification") == 0

    too_big = settings.VERIFICATION_DOCUMENT_MAX_BYTES + 1
    phone.set_input_files({"name": "scan.pdf", "mimeType": PDF, "buffer": b"%PDF" + b"0" * (too_big - 4)})
    expect(problem).to_contain_text("scan.pdf is 20.0 MB; files may be up to 20 MB. Choose a smaller file.")
    save_screenshot(page, "verification-bad-file-phone")
    assert _chosen(page, "phone_verification") == 0
    assert _chosen(page, "government_id") == 1
    assert _chosen(page, "face_photo") == 1

    phone.set_input_files(_pdf("bill.pdf"))
    expect(problem).to_be_hidden()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#toasts")).to_contain_text("Your request for Basic verified is in")
    assert VerificationRequest.objects.filter(user=user, tier="BASIC_VERIFIED").count() == 1


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_request_buttons_fit_their_cards(open_page, save_screenshot, size):
    user = UserFactory(username="request_fit")
    make_verifiable(user)
    # Basic verified: the longest label, "Request Premium verified", is the one to ask for.
    AthleteProfile.objects.filter(user=user).update(verification_tier="BASIC_VERIFIED")
    page = open_page("/verification/", user, viewport=size)
    buttons = page.locator(".tier-card .tier-action .btn")
    expect(buttons).to_have_text(["Request Premium verified"])
    save_screenshot(page, f"verification-cards-{'phone' if size is PHONE else 'desktop'}")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        card = button.locator("xpath=ancestor::li[contains(@class, 'tier-card')]")
        inside = card.evaluate(
            """(card, button) => {
                const c = card.getBoundingClientRect(), b = button.getBoundingClientRect();
                return b.left >= c.left && b.right <= c.right && button.scrollWidth <= button.clientWidth;
            }""",
            button.element_handle(),
        )
        assert inside, f"{button.inner_text()} runs out of its card at {size['width']} px"
