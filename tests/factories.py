import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from rest_framework.test import APIClient

from apps.accounts.models import Follow, User

PASSWORD = "a-strong-pass-phrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"athlete{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlatformModeratorFactory(UserFactory):
    """A platform moderator: in the "Platform moderators" group (migration restrictions 0002 makes
    it, with the permission), as staff make one. `is_staff` alone does not moderate."""

    @factory.post_generation
    def platform_moderator(obj, create, extracted, **kwargs):
        if create:
            make_platform_moderator(obj)


def make_platform_moderator(user):
    from django.contrib.auth.models import Group

    from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP

    user.groups.add(Group.objects.get(name=PLATFORM_MODERATORS_GROUP))
    # Django caches a user's permissions on the object: the next has_perm reads them again.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def api_client_for(user=None) -> APIClient:
    """An API client signed in as `user` (anonymous without one)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    creator = factory.SubFactory(UserFactory)


def image_upload(name: str = "photo.png", *, size=(64, 64), fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def pdf_bytes() -> bytes:
    """A real one-page PDF (pypdf writes it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def documents_for(tier: str) -> dict:
    """One valid upload per requirement of `tier`."""
    from apps.accounts.tiers import TIERS

    return {r.code: pdf_upload(f"{r.code}.pdf") for r in TIERS[tier].requirements}


def make_verifiable(user, **extra) -> None:
    """Give a user what every verification tier needs on the profile: a photo and a real name."""
    from apps.accounts import services

    data = {"photo": image_upload(), "real_first_name": "Ada", "real_last_name": "Hoop", **extra}
    services.profile_update(profile=user.profile, data=data)
