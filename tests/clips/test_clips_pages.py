"""The clip page, its files and the API, each under the stream's rule; share tags never leak a clip."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.clips.models import Clip, ClipStatus
from apps.core.private_files import private_storage
from apps.devices.models import Recording, RecordingStatus
from apps.streaming.models import Status, Visibility
from tests.clips.factories import ClipFactory
from tests.clips.helpers import publishing_angle
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


def ready_clip(**fields) -> Clip:
    clip = ClipFactory(**fields)
    clip.video.name = private_storage().save(f"clips/test/{clip.pk.hex}.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    clip.thumbnail.name = private_storage().save(f"clips/test/{clip.pk.hex}.jpg", ContentFile(b"\xff\xd8\xff\xe0"))
    clip.save()
    return clip


def test_the_clip_page_plays_it_shares_it_and_counts_the_view(client):
    clip = ready_clip(title="Ankle breaker")
    page = client.get(reverse("clips:clip", args=[clip.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta property="og:title" content="Ankle breaker">' in html
    assert '<meta property="og:type" content="video.other">' in html
    assert f'og:video" content="http://testserver/clips/{clip.pk}/video.mp4"' in html
    assert f'og:image" content="http://testserver/clips/{clip.pk}/thumbnail.jpg"' in html
    assert f'og:url" content="http://testserver/clips/{clip.pk}/"' in html
    assert "data-clip-video" in html
    clip.refresh_from_db()
    assert clip.views == 1
    video = client.get(reverse("clips:video", args=[clip.pk]))
    assert (video.status_code, video["Content-Type"]) == (200, "video/mp4")


@pytest.mark.parametrize("stream_fields", [{"visibility": Visibility.PRIVATE}, {"pay_per_view_cost": 50}])
def test_a_clip_of_a_stream_the_viewer_may_not_watch_is_not_there(client, stream_fields):
    clip = ready_clip(stream=LiveStreamFactory(**stream_fields), title="Secret move")
    client.force_login(UserFactory())
    for name in ("clips:clip", "clips:video", "clips:thumbnail"):
        response = client.get(reverse(name, args=[clip.pk]))
        assert response.status_code == 404
        assert b"Secret move" not in response.content
    assert client.get(f"/api/v1/clips/{clip.pk}").status_code == 404
    client.force_login(clip.creator)
    assert client.get(reverse("clips:clip", args=[clip.pk])).status_code == 200


def test_only_the_creator_downloads_and_deletes(client):
    clip = ready_clip()
    client.force_login(UserFactory())
    played = client.get(reverse("clips:video", args=[clip.pk]) + "?download")
    assert not played.get("Content-Disposition", "").startswith("attachment")
    assert client.delete(f"/api/v1/clips/{clip.pk}").json()["code"] == "not_clip_owner"
    client.force_login(clip.creator)
    page = client.get(reverse("clips:clip", args=[clip.pk])).content.decode()
    assert "Delete clip" in page
    assert "Download" in page
    download = client.get(reverse("clips:video", args=[clip.pk]) + "?download")
    assert download["Content-Disposition"] == f'attachment; filename="clip-{clip.pk}.mp4"'
    assert client.delete(f"/api/v1/clips/{clip.pk}").status_code == 204
    assert not Clip.objects.exists()


def test_the_api_refuses_bad_input_before_anything_is_written(client, user):
    stream = LiveStreamFactory()
    url = f"/api/v1/streams/{stream.pk}/clips"
    assert client.post(url, {"seconds": 30, "title": "x"}).status_code in (401, 403)
    client.force_login(user)
    for body in ({"seconds": 3, "title": "x"}, {"seconds": 30}, {"seconds": 30, "title": "x", "ends_seconds_ago": 999}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert set(response.json()) >= {"code", "detail"}
    response = client.post(url, {"seconds": 30, "title": "x"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "clip_refused")  # no video yet
    assert not Clip.objects.exists()


def test_the_api_describes_a_clip(client):
    clip = ready_clip(clipped_by=UserFactory(username="fan"))
    body = client.get(f"/api/v1/clips/{clip.pk}").json()
    assert body["id"] == str(clip.pk)
    assert (body["clipped_by"], body["seconds"], body["status"]) == ("fan", 20.0, "ready")
    assert body["page"] == f"/clips/{clip.pk}/"


def test_the_profile_lists_published_ready_clips_the_viewer_may_watch(client):
    creator = UserFactory()
    shown = ready_clip(stream=StreamFactory(creator=creator, status=Status.ENDED), title="Shown clip")
    ready_clip(stream=shown.stream, title="Unreviewed", published=False)
    ready_clip(stream=StreamFactory(creator=creator, status=Status.ENDED, pay_per_view_cost=50), title="Paid clip")
    ClipFactory(stream=shown.stream, title="Still cutting", status=ClipStatus.PENDING)
    page = client.get(reverse("accounts:profile", args=[creator.username])).content.decode()
    assert "Shown clip" in page
    for hidden in ("Unreviewed", "Paid clip", "Still cutting"):
        assert hidden not in page


def test_the_watch_page_offers_the_clip_form_to_signed_in_viewers_while_live(client, user):
    stream = LiveStreamFactory()
    watch = reverse("streaming:watch", args=[stream.pk])
    assert "data-clip-button" not in client.get(watch).content.decode()
    client.force_login(user)
    assert "data-clip-button" in client.get(watch).content.decode()
    refused = client.post(
        reverse("clips:create", args=[stream.pk]), {"title": "Mine", "seconds": 30}, HTTP_HX_REQUEST="true"
    )
    assert "no live video" in refused.content.decode()


def test_after_the_stream_the_form_and_the_api_clip_its_recording(client, user, django_capture_on_commit_callbacks):
    stream = StreamFactory(status=Status.ENDED)
    watch = reverse("streaming:watch", args=[stream.pk])
    client.force_login(user)
    assert "data-clip-button" not in client.get(watch).content.decode()  # no recording: nothing to clip
    Recording.objects.create(
        angle=publishing_angle(stream), source_path="/rec/ended.flv", duration_seconds=120, status=RecordingStatus.READY
    )
    page = client.get(watch).content.decode()
    assert "data-clip-start" in page
    assert 'name="ends_seconds_ago"' not in page
    url = f"/api/v1/streams/{stream.pk}/clips"
    missing = client.post(url, {"seconds": 20, "title": "Replay"}, content_type="application/json").json()
    assert missing["code"] == "clip_invalid"
    assert "starts" in missing["detail"]
    past_the_end = {"seconds": 20, "title": "Replay", "start_seconds": 110}
    assert client.post(url, past_the_end, content_type="application/json").json()["code"] == "clip_invalid"
    assert not Clip.objects.exists()
    with django_capture_on_commit_callbacks():  # the cut itself is test_clips_media's
        made = client.post(
            url, {"seconds": 20, "title": "Replay", "start_seconds": 30}, content_type="application/json"
        )
    assert made.status_code == 201
    clip = Clip.objects.get()
    assert (clip.source, clip.start_ms, clip.duration_ms) == ("recording", 30_000, 20_000)
