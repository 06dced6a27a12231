"""Identity documents: parsed before they are kept, kept in private storage under names nobody can
guess, and read only by their owner, staff and moderators, as inert downloads."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import VerificationDocument, VerificationRequest
from apps.accounts.tiers import Tier
from tests.factories import UserFactory, documents_for, image_upload, pdf_bytes, pdf_upload
from tests.uploads import POLYGLOTS, polyglot, video_bytes

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:verification_request", args=[Tier.BASIC_VERIFIED])
API = "/api/v1/verification/requests"


@pytest.fixture
def private_files():
    """The files this test added to private storage (removed again at the end)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    before = set(root.rglob("*"))
    added = lambda: {path for path in set(root.rglob("*")) - before if path.is_file()}  # noqa: E731
    yield added
    for path in added():
        path.unlink()


def document_url(document: VerificationDocument) -> str:
    return reverse("accounts:verification_document", args=[document.pk])


# --- The polyglots are refused, through the page and the API, and nothing of them is kept ----------
@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_the_page_refuses_a_polyglot_with_a_form_error(client, athlete, private_files, kind):
    client.force_login(athlete)
    response = client.post(PAGE, {**documents_for(Tier.BASIC_VERIFIED), "government_id": polyglot(kind)})
    assert response.status_code == 200
    assert "Government ID: Upload a photo (JPEG, PNG, WebP or GIF), a PDF, or an MP4 video" in response.content.decode()
    assert not VerificationRequest.objects.exists()
    assert not private_files()
    assert not default_storage.exists(f"verification/{athlete.pk}")


@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_the_api_refuses_a_polyglot_with_code_and_detail(api_client, athlete, private_files, kind):
    api_client.force_authenticate(athlete)
    data = {"tier": Tier.BASIC_VERIFIED, **documents_for(Tier.BASIC_VERIFIED), "face_photo": polyglot(kind)}
    response = api_client.post(API, data, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "verification_invalid"
    assert response.json()["detail"].startswith("Face photo: Upload a photo")
    assert not VerificationRequest.objects.exists()
    assert not private_files()


# --- Good documents are kept privately, under names the server chose -----------------------------------
def kept(document: VerificationDocument, extension: str) -> None:
    assert re.fullmatch(rf"verification/{document.request.user_id}/[0-9a-f]{{32}}\{extension}", document.file.name)
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 (no address of its own)


@pytest.mark.parametrize(
    ("make", "extension", "content_type"),
    [
        (lambda: image_upload("id.html", fmt="JPEG"), ".jpg", "image/jpeg"),
        (lambda: image_upload("id.js", fmt="PNG"), ".png", "image/png"),
        (lambda: pdf_upload("id.html"), ".pdf", "application/pdf"),
        pytest.param(lambda: ContentFile(video_bytes(), name="id.html"), ".mp4", "video/mp4", marks=pytest.mark.media),
    ],
    ids=["jpeg", "png", "pdf", "mp4"],
)
def test_a_good_document_is_kept_privately_and_sent_to_its_owner_as_an_inert_download(
    client, athlete, private_files, make, extension, content_type
):
    client.force_login(athlete)
    response = client.post(PAGE, {**documents_for(Tier.BASIC_VERIFIED), "government_id": make()})
    assert response.status_code == 302
    document = VerificationDocument.objects.get(requirement="government_id")
    kept(document, extension)
    assert len(private_files()) == 3

    response = client.get(document_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="government_id{extension}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    with document.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


# --- Who may read them -----------------------------------------------------------------------------------
@pytest.fixture
def document(athlete, private_files):
    services.verification_request_create(
        user=athlete, tier=Tier.BASIC_VERIFIED, documents=documents_for("BASIC_VERIFIED")
    )
    return VerificationDocument.objects.get(requirement="government_id")


def moderator():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_verificationdocument"))
    return user


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        (lambda document: document.request.user, 200),
        (lambda document: UserFactory(is_staff=True), 200),
        (lambda document: moderator(), 200),
        (lambda document: UserFactory(), 404),
    ],
    ids=["owner", "staff", "moderator", "another user"],
)
def test_only_the_owner_staff_and_moderators_read_a_document(client, document, reader, status):
    client.force_login(reader(document))
    response = client.get(document_url(document))
    assert response.status_code == status
    if status == 404:
        assert pdf_bytes()[:8] not in response.content


def test_anonymous_readers_are_sent_to_sign_in_and_unknown_documents_are_not_found(client, document):
    response = client.get(document_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("accounts:verification_document", args=[document.pk + 1000])).status_code == 404


def test_the_admin_review_page_links_to_the_document_view_not_to_media(client, document):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_verificationrequest_change", args=[document.request_id]))
    html = page.content.decode()
    assert f'href="{document_url(document)}"' in html
    assert settings.MEDIA_URL + "verification" not in html
    assert client.get(document_url(document))["Content-Disposition"].startswith("attachment")


# --- Documents kept under public media before this change move to private storage --------------------
def test_the_data_migration_moves_public_documents_to_private_storage(client, athlete, private_files):
    request = VerificationRequest.objects.create(user=athlete, tier=Tier.BASIC_VERIFIED)
    public = {
        "government_id": (f"verification/{athlete.pk}/{request.pk}/government_id-id.pdf", pdf_bytes()),
        "face_photo": (f"verification/{athlete.pk}/{request.pk}/face_photo-me.html", POLYGLOTS["html_video"][2]),
    }
    for requirement, (name, content) in public.items():
        default_storage.save(name, ContentFile(content))
        VerificationDocument.objects.create(request=request, requirement=requirement, file=name)

    migration = importlib.import_module("apps.accounts.migrations.0002_uploads_cleaned_documents_private")
    migration.move_documents_to_private_storage(django_apps, None)
    migration.move_documents_to_private_storage(django_apps, None)  # run twice: nothing left to move

    for requirement, (name, content) in public.items():
        assert not default_storage.exists(name)
        document = VerificationDocument.objects.get(requirement=requirement)
        with document.file.open("rb") as moved:
            assert moved.read() == content
    kept(VerificationDocument.objects.get(requirement="government_id"), ".pdf")
    # What parses as nothing keeps no extension: it is only ever sent as an octet-stream download.
    unknown = VerificationDocument.objects.get(requirement="face_photo")
    assert re.fullmatch(rf"verification/{athlete.pk}/[0-9a-f]{{32}}", unknown.file.name)
    client.force_login(athlete)
    response = client.get(document_url(unknown))
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/octet-stream",
        'attachment; filename="face_photo"',
    )
