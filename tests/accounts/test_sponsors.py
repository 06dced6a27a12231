"""Sponsor logos: images uploaded to us and shown from our own media, never an address of an image
on another site, so a profile page makes no third-party request."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.errors import ProfileInvalid
from apps.accounts.models import SPONSORS_MAX, SponsorLogo
from tests.factories import UserFactory, image_upload

pytestmark = pytest.mark.django_db

# Attributes through which a page loads something (a link's href is followed only when clicked).
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in RESOURCE_ATTRIBUTES.get(tag, ()):
            if values.get(name):
                self.addresses.extend(part.split()[0] for part in values[name].split(",") if part.strip())
        if tag == "a":
            self.links.append(values)


def _resources(html: str) -> _Resources:
    parser = _Resources()
    parser.feed(html)
    return parser


def _same_origin(address: str) -> bool:
    parts = urlsplit(address)
    if parts.scheme in ("data", "blob"):
        return True
    return (not parts.scheme and not parts.netloc) or parts.netloc == "testserver"


@pytest.fixture
def athlete():
    return UserFactory()


def _add(athlete, name="Hoops Co", link="https://hoops.example/"):
    return services.sponsor_add(profile=athlete.profile, name=name, image=image_upload("logo.png"), link=link)


def test_a_profile_with_sponsors_loads_nothing_from_another_site(client, athlete):
    for n in range(3):
        _add(athlete, name=f"Sponsor {n}", link=f"https://sponsor{n}.example/")
    html = client.get(reverse("accounts:profile", args=[athlete.username])).content.decode()
    found = _resources(html)
    logos = [address for address in found.addresses if "/sponsors/" in address]
    assert len(logos) == 3
    assert [address for address in found.addresses if not _same_origin(address)] == []
    # The sponsor's own address is only where its logo leads when clicked.
    sponsor_links = [link for link in found.links if link.get("href", "").startswith("https://sponsor")]
    assert len(sponsor_links) == 3
    assert all("noopener" in link["rel"] for link in sponsor_links)
    assert "https:" not in re.search(r"img-src [^;]*", client.get("/").headers["Content-Security-Policy"]).group(0)


def test_the_logo_is_cleaned_and_stored_under_our_media(athlete):
    sponsor = _add(athlete)
    assert re.fullmatch(rf"sponsors/{athlete.pk}/[0-9a-f]{{32}}\.png", sponsor.image.name)
    assert sponsor.image.url.startswith("/media/sponsors/")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"image": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")}, "image"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 61}, "name"),
    ],
)
def test_bad_sponsors_are_refused(athlete, data, field):
    values = {"name": "Hoops Co", "image": image_upload("logo.png"), "link": "", **data}
    with pytest.raises(ProfileInvalid) as refused:
        services.sponsor_add(profile=athlete.profile, **values)
    assert refused.value.field == field
    assert not SponsorLogo.objects.exists()


def test_a_profile_shows_at_most_the_maximum(athlete):
    for n in range(SPONSORS_MAX):
        _add(athlete, name=f"S{n}")
    with pytest.raises(ProfileInvalid, match=f"at most {SPONSORS_MAX}"):
        _add(athlete, name="One too many")
    assert SponsorLogo.objects.count() == SPONSORS_MAX


def test_the_edit_page_adds_and_removes_sponsors(client, athlete):
    client.force_login(athlete)
    response = client.post(
        reverse("accounts:sponsor_add"),
        {"name": "Hoops Co", "image": image_upload("logo.png"), "link": "hoops.example"},
    )
    assert response.status_code == 302
    sponsor = SponsorLogo.objects.get()
    assert (sponsor.profile, sponsor.name, sponsor.link) == (athlete.profile, "Hoops Co", "https://hoops.example")
    html = client.get(reverse("accounts:profile_edit")).content.decode()
    assert f'src="{sponsor.image.url}"' in html
    assert f'action="{reverse("accounts:sponsor_remove", args=[sponsor.pk])}"' in html

    response = client.post(
        reverse("accounts:sponsor_add"),
        {"name": "Bad", "image": SimpleUploadedFile("x.png", b"not an image", content_type="image/png")},
    )
    assert response.status_code == 200  # the page again, with the error on the logo
    assert re.search(r'name="image".*?<p class="error" role="alert">', response.content.decode(), re.S)
    assert SponsorLogo.objects.count() == 1

    other = UserFactory()
    client.force_login(other)
    client.post(reverse("accounts:sponsor_remove", args=[sponsor.pk]))
    assert SponsorLogo.objects.count() == 1  # not theirs
    client.force_login(athlete)
    client.post(reverse("accounts:sponsor_remove", args=[sponsor.pk]))
    assert not SponsorLogo.objects.exists()


def test_the_api_adds_lists_and_removes_sponsors(athlete):
    api = APIClient()
    api.force_authenticate(athlete)
    response = api.post(
        "/api/v1/users/me/sponsors",
        {"name": "Hoops Co", "image": image_upload("logo.png"), "link": "https://hoops.example/"},
        format="multipart",
    )
    assert response.status_code == 201
    created = response.json()
    assert urlsplit(created["image"]).path.startswith("/media/sponsors/")
    assert _same_origin(created["image"])
    profile = api.get(f"/api/v1/users/{athlete.pk}/profile").json()
    assert profile["sponsor_logos"] == [created]
    # The old shape, an address of an image elsewhere, is no profile field any more: nothing is written.
    patched = api.patch("/api/v1/users/me/profile", {"sponsor_logos": [{"name": "X", "url": "https://x.test/a.png"}]})
    assert patched.json()["sponsor_logos"] == [created]
    assert api.delete(f"/api/v1/users/me/sponsors/{created['id']}").status_code == 204
    assert api.delete(f"/api/v1/users/me/sponsors/{created['id']}").json()["code"] == "sponsor_not_found"
