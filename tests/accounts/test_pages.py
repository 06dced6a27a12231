"""Server-rendered pages: sign-up errors, profile pages, edit form, follow, verification."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import AthleteProfile, Follow, User, VerificationRequest
from tests.factories import UserFactory, documents_for, make_verifiable

pytestmark = pytest.mark.django_db

STRONG = "court-vision-2026!"


def _signup(client, **overrides):
    data = {"username": "newhooper", "email": "new@example.com", "password1": STRONG, "password2": STRONG}
    return client.post(reverse("account_signup"), {**data, **overrides})


def test_signup_logs_the_new_user_in(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newhooper")
    assert user.profile.verification_tier == "UNVERIFIED"
    assert client.get(reverse("accounts:profile_me")).status_code == 302  # → their profile page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "Taken"}, "already exists"),
        ({"email": "TAKEN@example.com"}, "already registered"),
        ({"password1": "123", "password2": "123"}, "too short"),
        ({"password1": "password", "password2": "password"}, "too common"),
    ],
)
def test_signup_errors_are_form_errors_and_nothing_is_written(client, overrides, message):
    UserFactory(username="taken", email="taken@example.com")
    response = _signup(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 1


def test_profile_page_shows_what_privacy_allows(client):
    athlete = UserFactory()
    make_verifiable(athlete, display_name="Splash", bio="Three-point queen", real_name_visible=False)
    page = client.get(reverse("accounts:profile", args=[athlete.username])).content.decode()
    assert "Splash" in page
    assert "Three-point queen" in page
    assert "Ada" not in page  # the real first name is hidden


def test_private_profile_page(client):
    athlete = UserFactory()
    make_verifiable(athlete, display_name="Hidden", bio="secret bio", profile_visibility="PRIVATE")
    page = client.get(reverse("accounts:profile", args=[athlete.username])).content.decode()
    assert "This profile is private" in page
    assert "secret bio" not in page
    assert "Hidden" not in page


def test_unknown_profile_is_404(client):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_profile_page_query_count_is_pinned(client, django_assert_max_num_queries):
    athlete, fan = UserFactory(), UserFactory()
    Follow.objects.create(follower=fan, creator=athlete)
    client.force_login(fan)
    # 7, + the PK record, + past broadcasts (one query when there are none), + the bell's unread
    # count, + the sponsor logos, + the rating card (game types, ratings, events, histories), + a
    # challenge open between the viewer and the athlete, + the creator's clips.
    with django_assert_max_num_queries(17):
        assert client.get(reverse("accounts:profile", args=[athlete.username])).status_code == 200


def test_live_page_query_count_does_not_grow_with_creators(client, django_assert_max_num_queries):
    for _ in range(12):
        make_verifiable(UserFactory())
    client.force_login(UserFactory())
    # 10: session, user, nav balance, nav badge profile, the bell's unread count, the live streams
    # grid, the category tabs, the creators, and with nobody live, the upcoming streams and the
    # past broadcasts.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("live")).content.decode()
    assert page.count('class="card creator-card"') == 13


def test_edit_profile_form(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:profile_edit")).status_code == 200
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "display_name": "Ada Hoops",
            "height_inches": "74",
            "hometown": "Austin",
            "profile_visibility": "PUBLIC",
            "real_name_visible": "on",
            "location_visible": "on",
            "social_instagram": "https://instagram.com/ada",
            "certifications_text": "USA Basketball Gold\nFIBA Level 1",
            "theme_primary": "#112233",
        },
    )
    assert response.status_code == 302
    profile = AthleteProfile.objects.get(user=user)
    assert profile.display_name == "Ada Hoops"
    assert profile.height_inches == 74
    assert profile.social_links == {"instagram": "https://instagram.com/ada"}
    assert profile.coach_certifications == ["USA Basketball Gold", "FIBA Level 1"]
    assert profile.theme_colors == {"primary": "#112233"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("height_inches", "-4", "greater than or equal to"),
        ("social_x", "javascript:alert(1)", "Enter a valid URL"),
    ],
)
def test_edit_profile_errors_are_shown_and_nothing_is_saved(client, user, field, value, message):
    client.force_login(user)
    data = {"display_name": "Changed", "profile_visibility": "PUBLIC", field: value}
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AthleteProfile.objects.get(user=user).display_name == ""


def test_non_image_photo_is_a_form_error(client, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    fake = SimpleUploadedFile("cat.jpg", b"definitely not a jpeg", content_type="image/jpeg")
    response = client.post(reverse("accounts:profile_edit"), {"profile_visibility": "PUBLIC", "photo": fake})
    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF image" in response.content.decode()
    assert not AthleteProfile.objects.get(user=user).photo


def test_follow_button_with_htmx_returns_the_partial(client, user):
    creator = UserFactory()
    client.force_login(user)
    url = reverse("accounts:follow", args=[creator.username])
    response = client.post(url, {"action": "follow"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Following" in body
    assert "<html" not in body
    assert Follow.objects.filter(follower=user, creator=creator).exists()
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_follow_needs_login(client):
    creator = UserFactory()
    response = client.post(reverse("accounts:follow", args=[creator.username]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_verification_request_page(client, user):
    make_verifiable(user)
    client.force_login(user)
    url = reverse("accounts:verification_request", args=["BASIC_VERIFIED"])
    response = client.post(url, {"government_id": documents_for("BASIC_VERIFIED")["government_id"]})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not VerificationRequest.objects.exists()
    response = client.post(url, documents_for("BASIC_VERIFIED"))
    assert response.status_code == 302
    assert VerificationRequest.objects.filter(user=user, tier="BASIC_VERIFIED").exists()
    page = client.get(reverse("accounts:verification")).content.decode()
    assert "waiting for review" in page


def test_celebrity_request_page_shows_the_error(client, user):
    make_verifiable(user)
    client.force_login(user)
    response = client.post(reverse("accounts:verification_request", args=["CELEBRITY"]), {})
    assert response.status_code == 200
    assert "by invitation only" in response.content.decode()
    assert not VerificationRequest.objects.exists()


def _avatar_initial(html: str) -> str:
    return re.search(r'class="avatar-fallback[^"]*"[^>]*>([^<]*)<', html).group(1)


def test_avatar_initial_is_the_name_the_viewer_sees(client):
    """A display name shown: its first letter, not the username's; a private profile shows the username."""
    shown = UserFactory(username="zed_hoops")
    AthleteProfile.objects.filter(user=shown).update(display_name="splash Queen")
    assert _avatar_initial(client.get(reverse("accounts:profile", args=["zed_hoops"])).content.decode()) == "S"
    AthleteProfile.objects.filter(user=shown).update(profile_visibility="PRIVATE")
    assert _avatar_initial(client.get(reverse("accounts:profile", args=["zed_hoops"])).content.decode()) == "Z"


def test_following_button_names_its_state_and_shows_unfollow_for_pointer_and_focus(client, user):
    creator = UserFactory()
    Follow.objects.create(follower=user, creator=creator)
    client.force_login(user)
    html = client.get(reverse("accounts:profile", args=[creator.username])).content.decode()
    button = re.search(r'<button class="[^"]*follow-toggle[^"]*"[^>]*aria-pressed="true">(.*?)</button>', html).group(1)
    # What a screen reader reads: the state, pressed; "Unfollow" and the tick are for the eye only.
    spoken = re.sub(r'<span[^>]*aria-hidden="true">.*?</span>', "", button)
    assert re.sub(r"<[^>]+>", "", spoken) == "Following"
    assert 'class="follow-toggle__action" aria-hidden="true">Unfollow<' in button


def test_a_refused_document_names_itself_and_every_file_to_choose_again(client, user):
    """The browser forgets every chosen file when the form comes back: the page says which to choose again."""
    make_verifiable(user)
    client.force_login(user)
    url = reverse("accounts:verification_request", args=["BASIC_VERIFIED"])
    documents = documents_for("BASIC_VERIFIED")
    documents["phone_verification"] = SimpleUploadedFile("notes.txt", b"just words", content_type="text/plain")
    html = client.post(url, documents).content.decode()
    summary = re.search(r'<div class="form-errors" role="alert" id="choose-again">(.*?)</div>', html, re.S).group(1)
    items = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", summary)]
    assert items == [
        "Government ID: the same file again",
        "Phone verification: a different file (this one was refused, see below)",
        "Face photo: the same file again",
    ]
    field = re.search(r'<div class="field field--error">.*?</div>', html, re.S).group(0)
    assert 'name="phone_verification"' in field
    assert "Phone verification: Upload a photo" in field
    assert not VerificationRequest.objects.exists()
    assert 'id="choose-again"' not in client.get(url).content.decode()
