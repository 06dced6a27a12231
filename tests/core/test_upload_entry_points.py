"""Every place the site takes a file (profile photos, stream thumbnails, gift icons and sounds;
pages, API and admin) refuses the polyglots with a clear error and stores nothing of them, and
stores what it takes re-made, under a name the server chose with the extension of its type."""

import json
import re

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.admin import AthleteProfileAdmin
from apps.accounts.models import AthleteProfile
from apps.gifting.models import Gift
from apps.streaming.admin import StreamAdmin
from apps.streaming.models import Stream
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory
from tests.uploads import POLYGLOTS, image_polyglot, polyglot, remade, sound_bytes

pytestmark = pytest.mark.django_db


def public_files() -> set[str]:
    """Every name in public media storage."""
    found, folders = set(), [""]
    while folders:
        folder = folders.pop()
        subfolders, files = default_storage.listdir(folder)
        found.update(f"{folder}{name}" for name in files)
        folders.extend(f"{folder}{name}/" for name in subfolders)
    return found


@pytest.fixture
def stores_nothing():
    before = public_files()
    yield
    assert public_files() == before


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


# --- Profile photos ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_profile_photo_polyglots_are_refused_by_the_page_and_the_api(client, api_client, user, kind, stores_nothing):
    client.force_login(user)
    response = client.post(reverse("accounts:profile_edit"), {"profile_visibility": "PUBLIC", "photo": polyglot(kind)})
    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF image" in response.content.decode()
    api_client.force_authenticate(user)
    response = api_client.patch("/api/v1/users/me/profile", {"photo": polyglot(kind)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("photo: Upload a JPEG, PNG, WebP or GIF image")
    assert not AthleteProfile.objects.get(user=user).photo


def test_an_image_that_is_also_a_page_is_re_made_by_the_page_and_the_api(client, api_client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile_edit"), {"profile_visibility": "PUBLIC", "photo": image_polyglot()}
    )
    assert response.status_code == 302
    photo = AthleteProfile.objects.get(user=user).photo
    assert re.fullmatch(rf"profiles/{user.pk}/[0-9a-f]{{32}}\.png", photo.name)
    remade(photo)
    api_client.force_authenticate(user)
    response = api_client.patch("/api/v1/users/me/profile", {"photo": image_polyglot()}, format="multipart")
    assert response.status_code == 200
    photo = AthleteProfile.objects.get(user=user).photo
    assert re.fullmatch(rf"profiles/{user.pk}/[0-9a-f]{{32}}\.png", photo.name)
    assert response.json()["photo"].endswith(photo.name)
    remade(photo)


# --- Stream thumbnails -----------------------------------------------------------------------------------
GO_LIVE = {"title": "Drills", "category": "PRACTICE", "visibility": "public", "action": "schedule"}


@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_thumbnail_polyglots_are_refused_by_the_page_and_the_api(client, api_client, user, kind, stores_nothing):
    client.force_login(user)
    response = client.post(reverse("streaming:go_live"), {**GO_LIVE, "thumbnail": polyglot(kind)})
    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF image" in response.content.decode()
    api_client.force_authenticate(user)
    response = api_client.post("/api/v1/streams", {"title": "Drills", "thumbnail": polyglot(kind)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "stream_invalid"
    assert response.json()["detail"].startswith("Upload a JPEG, PNG, WebP or GIF image")
    assert not Stream.objects.exists()


def test_a_thumbnail_that_is_also_a_page_is_re_made_by_the_page_and_the_api(client, api_client, user):
    client.force_login(user)
    assert client.post(reverse("streaming:go_live"), {**GO_LIVE, "thumbnail": image_polyglot()}).status_code == 302
    api_client.force_authenticate(user)
    response = api_client.post(
        "/api/v1/streams", {"title": "Drills", "thumbnail": image_polyglot()}, format="multipart"
    )
    assert response.status_code == 201
    for stream in Stream.objects.all():
        assert re.fullmatch(rf"streams/{stream.pk}/[0-9a-f]{{32}}\.png", stream.thumbnail.name)
        remade(stream.thumbnail)


# --- Admin: profile photos, thumbnails, gift icons and sounds -------------------------------------------------
def admin_form(model_admin_class, model, instance, files):
    """The form admin's change page validates, bound to the instance's values and `files`."""
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = model_admin_class(model, admin.site).get_form(request, instance)
    data = {
        key: json.dumps(value) if isinstance(value, list | dict) else value
        for key, value in model_to_dict(instance).items()
        if value is not None
    }
    return form_class(data, files, instance=instance)


def test_admin_refuses_polyglot_photos_and_thumbnails_and_re_makes_image_polyglots():
    profile, stream = UserFactory().profile, StreamFactory()
    for kind in POLYGLOTS:
        for admin_class, instance, field in (
            (AthleteProfileAdmin, profile, "photo"),
            (StreamAdmin, stream, "thumbnail"),
        ):
            form = admin_form(admin_class, type(instance), instance, {field: polyglot(kind)})
            assert not form.is_valid()
            assert form.errors[field][0].startswith("Upload a JPEG, PNG, WebP or GIF image")
    admin_form(AthleteProfileAdmin, AthleteProfile, profile, {"photo": image_polyglot()}).save()
    admin_form(StreamAdmin, Stream, stream, {"thumbnail": image_polyglot()}).save()
    photo = AthleteProfile.objects.get(pk=profile.pk).photo
    thumbnail = Stream.objects.get(pk=stream.pk).thumbnail
    assert re.fullmatch(rf"profiles/{profile.user_id}/[0-9a-f]{{32}}\.png", photo.name)
    assert re.fullmatch(rf"streams/{stream.pk}/[0-9a-f]{{32}}\.png", thumbnail.name)
    remade(photo)
    remade(thumbnail)


def gift_form(**files) -> dict:
    return {
        "name": "Swish",
        "emoji": "🏀",
        "coin_cost": 5,
        "animation": "float",
        "screen_effect": "corner",
        "duration_ms": 2500,
        "rarity": "common",
        "category": "classic",
        "is_active": "on",
        "sort_order": 0,
        **files,
    }


@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_admin_refuses_polyglot_gift_icons_and_sounds(staff_client, kind, stores_nothing):
    response = staff_client.post(reverse("admin:gifting_gift_add"), gift_form(icon=polyglot(kind)))
    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF image" in response.content.decode()
    response = staff_client.post(reverse("admin:gifting_gift_add"), gift_form(sound=polyglot(kind)))
    assert response.status_code == 200
    assert "Upload an MP3, Ogg or M4A sound" in response.content.decode()
    assert not Gift.objects.filter(name="Swish").exists()


@pytest.mark.media
def test_admin_stores_a_gift_icon_and_sound_re_made_under_server_names(staff_client):
    sound = SimpleUploadedFile("boom.html", sound_bytes(suffix=".ogg"), content_type="text/html")
    response = staff_client.post(reverse("admin:gifting_gift_add"), gift_form(icon=image_polyglot(), sound=sound))
    assert response.status_code == 302
    gift = Gift.objects.get(name="Swish")
    assert re.fullmatch(r"gifts/[0-9a-f]{32}\.png", gift.icon.name)
    assert re.fullmatch(r"gifts/sounds/[0-9a-f]{32}\.ogg", gift.sound.name)
    remade(gift.icon)
