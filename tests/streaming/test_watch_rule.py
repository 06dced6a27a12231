"""The one "may watch" rule (apps.streaming.rules.watch_problem) on every read of a stream's
content: the API's angles, chat, gifts, leaderboard and viewers, joining as a viewer, recordings,
HLS files (Django's own serving and nginx's auth_request), and the watch page. Knowing the stream
exists (its title, price, status) stays open to all who may see it."""

import importlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.core.private_files import private_storage
from apps.devices.models import Angle, Recording, RecordingStatus
from apps.devices.playback import HlsFileView
from apps.restrictions.models import ChannelModerator
from apps.streaming import services
from apps.streaming.models import Stream
from apps.wallet import services as wallet
from tests.devices.helpers import register
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db

PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n"
SEGMENT = b"\x47" * 188
VIDEO = b"\x00\x00\x00\x18ftypmp42 a recording"


@dataclass
class PayPerView:
    stream: Stream
    angle: Angle
    recording: Recording
    people: dict

    def client(self, who: str) -> APIClient:
        client = APIClient()
        if who != "anonymous":
            client.force_authenticate(self.people[who])
        return client


@pytest.fixture
def pay_per_view():
    """A live pay-per-view stream with a camera writing HLS, a ready recording and a chat line,
    and the people around it: a fan who has not paid, one who has, the creator, a channel moderator,
    a platform moderator."""
    stream = LiveStreamFactory(pay_per_view_cost=50)
    device, _ = register(owner=stream.creator)
    angle = Angle.objects.create(stream=stream, device=device)
    hls = Path(settings.MEDIA_SERVER_ROOT) / "hls"
    hls.mkdir(parents=True, exist_ok=True)
    (hls / f"{angle.playback_name}.m3u8").write_bytes(PLAYLIST)
    (hls / f"{angle.playback_name}-3.ts").write_bytes(SEGMENT)
    video = private_storage().save(f"vod/{stream.pk}/{angle.playback_name}-1.mp4", ContentFile(VIDEO))
    recording = Recording.objects.create(
        angle=angle, source_path=f"/rec/{angle.playback_name}.flv", video=video, status=RecordingStatus.READY
    )
    people = {
        "fan": UserFactory(),
        "payer": UserFactory(),
        "creator": stream.creator,
        "moderator": UserFactory(),
        "platform_moderator": PlatformModeratorFactory(),
    }
    ChannelModerator.objects.create(creator=stream.creator, moderator=people["moderator"])
    wallet.wallet_grant(user=people["payer"], amount=50, reason="test", granted_by=people["platform_moderator"])
    services.pay_per_view_unlock(stream=stream, user=people["payer"])
    services.chat_post(stream=stream, user=people["payer"], content="only for those who paid")
    yield PayPerView(stream, angle, recording, people)
    for name in (f"{angle.playback_name}.m3u8", f"{angle.playback_name}-3.ts"):
        (hls / name).unlink(missing_ok=True)
    shutil.rmtree(Path(settings.PRIVATE_MEDIA_ROOT) / "vod" / str(stream.pk), ignore_errors=True)


CONTENT_READS = {
    "angles": lambda p: ("get", f"/api/v1/streams/{p.stream.pk}/angles"),
    "chat": lambda p: ("get", f"/api/v1/streams/{p.stream.pk}/chat"),
    "gifts": lambda p: ("get", f"/api/v1/streams/{p.stream.pk}/gifts"),
    "leaderboard": lambda p: ("get", f"/api/v1/streams/{p.stream.pk}/leaderboard"),
    "viewers": lambda p: ("get", f"/api/v1/streams/{p.stream.pk}/viewers"),
    "join": lambda p: ("post", f"/api/v1/streams/{p.stream.pk}/join"),
    "recording": lambda p: ("get", f"/streams/{p.stream.pk}/recordings/{p.recording.pk}.mp4"),
}


@pytest.mark.parametrize("read", CONTENT_READS)
@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("anonymous", 401, "login_required"), ("fan", 402, "payment_required")],
)
def test_content_of_an_unpaid_pay_per_view_stream_is_refused_with_the_reason(pay_per_view, read, who, status, code):
    method, url = CONTENT_READS[read](pay_per_view)
    response = getattr(pay_per_view.client(who), method)(url)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert set(response.json()) >= {"code", "detail"}
    assert pay_per_view.angle.playback_name not in response.content.decode()


@pytest.mark.parametrize("read", CONTENT_READS)
@pytest.mark.parametrize("who", ["payer", "creator", "moderator", "platform_moderator"])
def test_those_who_paid_and_the_channels_team_get_the_content(pay_per_view, read, who):
    method, url = CONTENT_READS[read](pay_per_view)
    response = getattr(pay_per_view.client(who), method)(url)
    assert response.status_code == 200


def test_the_content_itself_reaches_whoever_may_watch(pay_per_view):
    payer = pay_per_view.client("payer")
    stream = pay_per_view.stream
    angles = payer.get(f"/api/v1/streams/{stream.pk}/angles").json()
    assert angles[0]["hls_url"] == f"/hls/{pay_per_view.angle.playback_name}.m3u8"
    assert payer.get(f"/api/v1/streams/{stream.pk}/chat").json()[0]["content"] == "only for those who paid"
    video = payer.get(f"/streams/{stream.pk}/recordings/{pay_per_view.recording.pk}.mp4")
    assert b"".join(video.streaming_content) == VIDEO
    assert (video["Content-Type"], video["X-Content-Type-Options"]) == ("video/mp4", "nosniff")


def test_knowing_the_stream_exists_stays_open(pay_per_view):
    body = pay_per_view.client("anonymous").get(f"/api/v1/streams/{pay_per_view.stream.pk}").json()
    assert (body["title"], body["pay_per_view_cost"], body["status"]) == (pay_per_view.stream.title, 50, "live")


def test_a_private_stream_looks_absent_to_the_api(pay_per_view):
    Stream.objects.filter(pk=pay_per_view.stream.pk).update(visibility="private", pay_per_view_cost=0)
    for read in CONTENT_READS:
        method, url = CONTENT_READS[read](pay_per_view)
        for who in ("anonymous", "payer", "moderator"):
            response = getattr(pay_per_view.client(who), method)(url)
            assert (response.status_code, response.json()["code"]) == (404, "stream_not_found"), (read, who)
        assert getattr(pay_per_view.client("creator"), method)(url).status_code == 200


# --- HLS: nginx's auth_request, and Django's own serving in the embedded default --------------
def _authorize(client, uri: str):
    return client.get("/hls/authorize", HTTP_X_ORIGINAL_URI=uri)


@pytest.mark.parametrize("file", ["{name}.m3u8", "{name}-3.ts", "{name}-12.ts?session=x"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("fan", 403),
        ("payer", 204),
        ("creator", 204),
        ("moderator", 204),
        ("platform_moderator", 204),
    ],
)
def test_hls_authorize_answers_nginx_by_the_rule(pay_per_view, file, who, status):
    uri = "/hls/" + file.format(name=pay_per_view.angle.playback_name)
    response = _authorize(pay_per_view.client(who), uri)
    assert response.status_code == status
    if status != 204:
        assert response.json()["code"] == ("login_required" if status == 401 else "payment_required")


def test_hls_authorize_takes_an_api_token_and_refuses_a_bad_one(pay_per_view):
    uri = f"/hls/{pay_per_view.angle.playback_name}.m3u8"
    token = Token.objects.create(user=pay_per_view.people["payer"]).key
    assert _authorize(Client(HTTP_AUTHORIZATION=f"Token {token}"), uri).status_code == 204
    assert _authorize(Client(HTTP_AUTHORIZATION="Token not-a-token"), uri).status_code == 401


def test_hls_authorize_knows_only_hls_files_of_real_cameras(pay_per_view):
    client = pay_per_view.client("payer")
    name = pay_per_view.angle.playback_name
    unknown = "0123456789abcdef0123"
    for uri in (f"/hls/{unknown}.m3u8", f"/media/{name}.m3u8", f"/hls/../{name}.m3u8", f"/hls/{name}.mp4", ""):
        response = _authorize(client, uri)
        assert (response.status_code, response.json()["code"]) == (404, "stream_not_found"), uri


def test_hls_of_a_free_public_stream_is_open_to_all(pay_per_view):
    Stream.objects.filter(pk=pay_per_view.stream.pk).update(pay_per_view_cost=0)
    assert _authorize(APIClient(), f"/hls/{pay_per_view.angle.playback_name}.m3u8").status_code == 204


def test_hls_of_a_private_stream_is_for_its_creator(pay_per_view):
    Stream.objects.filter(pk=pay_per_view.stream.pk).update(visibility="private")
    uri = f"/hls/{pay_per_view.angle.playback_name}.m3u8"
    assert _authorize(pay_per_view.client("anonymous"), uri).status_code == 401
    refused = _authorize(pay_per_view.client("payer"), uri)
    assert (refused.status_code, refused.json()["code"]) == (403, "stream_private")
    assert _authorize(pay_per_view.client("creator"), uri).status_code == 204


def _serve_hls(user, file_name: str):
    request = RequestFactory().get(f"/hls/{file_name}")
    request.user = user
    return HlsFileView.as_view()(request, path=file_name)


def test_the_embedded_hls_serving_applies_the_same_rule(pay_per_view):
    from django.contrib.auth.models import AnonymousUser

    name = pay_per_view.angle.playback_name
    assert _serve_hls(AnonymousUser(), f"{name}.m3u8").status_code == 401
    assert _serve_hls(pay_per_view.people["fan"], f"{name}-3.ts").status_code == 403
    playlist = _serve_hls(pay_per_view.people["payer"], f"{name}.m3u8")
    assert playlist.status_code == 200
    assert b"".join(playlist.streaming_content) == PLAYLIST
    assert playlist["Content-Type"] == "application/vnd.apple.mpegurl"
    segment = _serve_hls(pay_per_view.people["payer"], f"{name}-3.ts")
    assert "private" in segment["Cache-Control"]


# --- Recordings -----------------------------------------------------------------------------
def test_recordings_live_in_private_storage_outside_public_media(pay_per_view):
    recording = pay_per_view.recording
    assert Path(recording.video.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not Path(recording.video.path).is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_recording_poster_shows_to_whoever_may_know_the_stream(pay_per_view):
    recording = pay_per_view.recording
    recording.thumbnail = private_storage().save(f"vod/{pay_per_view.stream.pk}/poster.jpg", ContentFile(b"jpeg"))
    recording.save()
    url = f"/streams/{pay_per_view.stream.pk}/recordings/{recording.pk}.jpg"
    poster = pay_per_view.client("anonymous").get(url)
    assert (poster.status_code, poster["Content-Type"], poster["Content-Security-Policy"]) == (
        200, "image/jpeg", "sandbox",
    )  # fmt: skip
    Stream.objects.filter(pk=pay_per_view.stream.pk).update(visibility="private")
    assert pay_per_view.client("fan").get(url).status_code == 404


def test_a_recording_is_found_only_under_its_own_stream(pay_per_view):
    other = LiveStreamFactory()
    url = f"/streams/{other.pk}/recordings/{pay_per_view.recording.pk}.mp4"
    response = pay_per_view.client("platform_moderator").get(url)
    assert (response.status_code, response.json()["code"]) == (404, "recording_not_found")


def test_existing_recordings_move_to_private_storage():
    migration = importlib.import_module("apps.devices.migrations.0002_recordings_private")
    stream = LiveStreamFactory()
    device, _ = register(owner=stream.creator)
    angle = Angle.objects.create(stream=stream, device=device)
    name = f"vod/{stream.pk}/old.mp4"
    public = Path(settings.MEDIA_ROOT) / name
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_bytes(VIDEO)
    Recording.objects.create(angle=angle, source_path="/rec/old.flv", video=name, status=RecordingStatus.READY)
    try:
        migration.to_private(apps, None)
        assert not public.exists()
        assert private_storage().open(name).read() == VIDEO
        migration.to_private(apps, None)  # again: nothing left to move, nothing breaks
        migration.to_public(apps, None)
        assert public.read_bytes() == VIDEO
    finally:
        shutil.rmtree(public.parent, ignore_errors=True)
        shutil.rmtree(Path(settings.PRIVATE_MEDIA_ROOT) / "vod" / str(stream.pk), ignore_errors=True)


# --- The watch page -----------------------------------------------------------------------------
def test_the_watch_page_shows_the_unlock_panel_not_the_picture(pay_per_view, client):
    name = pay_per_view.angle.playback_name
    client.force_login(pay_per_view.people["fan"])
    html = client.get(f"/streams/{pay_per_view.stream.pk}/").content.decode()
    assert "Unlock for 50 coins" in html
    assert name not in html
    assert "only for those who paid" not in html
    client.force_login(pay_per_view.people["payer"])
    html = client.get(f"/streams/{pay_per_view.stream.pk}/").content.decode()
    assert f"/hls/{name}.m3u8" in html
    assert "only for those who paid" in html


def test_an_ended_pay_per_view_streams_recording_shows_only_to_those_who_may_watch(pay_per_view, client):
    services.stream_end(stream=pay_per_view.stream, by=pay_per_view.stream.creator)
    video_url = f"/streams/{pay_per_view.stream.pk}/recordings/{pay_per_view.recording.pk}.mp4"
    client.force_login(pay_per_view.people["fan"])
    assert video_url not in client.get(f"/streams/{pay_per_view.stream.pk}/").content.decode()
    client.force_login(pay_per_view.people["payer"])
    assert video_url in client.get(f"/streams/{pay_per_view.stream.pk}/").content.decode()
