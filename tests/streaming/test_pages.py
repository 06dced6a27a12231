"""Stream pages: go live, the studio, /live/, the watch page, and their form posts."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.streaming import services
from apps.streaming.models import ChatMessage, PayPerViewAccess, Stream, StreamViewer
from apps.wallet import services as wallet
from apps.wallet.selectors import balance_of
from tests.factories import FollowFactory, UserFactory, image_upload, pdf_upload
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db

GO_LIVE = "/creator/go-live/"


def page(response) -> str:
    return response.content.decode()


def field_errors(html: str, name: str) -> list[str]:
    """The error lines of one form field, as partials/field.html renders them."""
    match = re.search(rf'<div class="field[^"]*">(?:(?!<div class="field).)*?name="{name}"(.*?)</div>', html, re.S)
    assert match, f"no field {name}"
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', match.group(0))


def toasts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def creator(client):
    user = UserFactory(username="hooper")
    client.force_login(user)
    return user


def go_live_data(**overrides) -> dict:
    data = {
        "title": "Handles at dawn",
        "description": "Two-ball drills, then crossovers.",
        "category": "PRACTICE",
        "tags": "Handles, #drills, handles",
        "visibility": "public",
        "chat_enabled": "on",
        "gifts_enabled": "on",
        "scheduled_for": "",
        "action": "live",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Go live ------------------------------------------------------------------------------------
def test_go_live_needs_login(client):
    response = client.get(GO_LIVE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_go_live_form_has_every_field_and_both_buttons(client, creator):
    html = page(client.get(GO_LIVE))
    for name in (
        "title",
        "description",
        "category",
        "tags",
        "thumbnail",
        "visibility",
        "chat_enabled",
        "gifts_enabled",
        "scheduled_for",
    ):
        assert f'name="{name}"' in html
    for value in ("TOURNAMENT", "PRACTICE", "CHALLENGE", "COACHING", "COMMUNITY", "public", "unlisted", "private"):
        assert f'value="{value}"' in html
    assert 'type="datetime-local"' in html
    assert "UTC" in html
    assert '<button class="btn btn-primary" type="submit" name="action" value="live">Go live now</button>' in html
    assert 'name="action" value="schedule">Schedule</button>' in html
    assert 'enctype="multipart/form-data"' in html


def test_go_live_now_creates_a_live_stream_and_opens_the_studio(client, creator):
    response = client.post(GO_LIVE, go_live_data(thumbnail=image_upload("court.png"), gifts_enabled=None))
    stream = Stream.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("streaming:studio", args=[stream.pk])
    assert (stream.creator, stream.status, stream.title, stream.category_id) == (
        creator,
        "live",
        "Handles at dawn",
        "PRACTICE",
    )
    assert stream.tags == ["handles", "drills"]
    assert (stream.chat_enabled, stream.gifts_enabled) == (True, False)
    assert stream.started_at is not None
    # Stored under a name the server chose, with the extension of the type it was read as.
    assert re.fullmatch(rf"streams/{stream.pk}/[0-9a-f]{{32}}\.png", stream.thumbnail.name)


def test_schedule_reads_the_time_as_utc_for_a_creator_whose_zone_is_not_known(client, creator):
    when = (timezone.now() + timedelta(days=2)).astimezone(UTC).replace(second=0, microsecond=0, tzinfo=None)
    response = client.post(
        GO_LIVE, go_live_data(action="schedule", scheduled_for=when.strftime("%Y-%m-%dT%H:%M"), visibility="unlisted")
    )
    stream = Stream.objects.get()
    assert response.status_code == 302
    assert (stream.status, stream.visibility) == ("scheduled", "unlisted")
    assert stream.scheduled_for == when.replace(tzinfo=UTC)
    assert stream.started_at is None


def test_schedule_without_a_time_sets_up_a_stream_to_start_later(client, creator):
    client.post(GO_LIVE, go_live_data(action="schedule"))
    stream = Stream.objects.get()
    assert (stream.status, stream.scheduled_for) == ("scheduled", None)


def _past() -> str:
    return (timezone.now() - timedelta(hours=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"action": "schedule", "scheduled_for": "PAST"}, "scheduled_for", "must be in the future"),
        ({"category": "DANCE"}, "category", "Select a valid choice"),
        ({"title": ""}, "title", "This field is required"),
        ({"title": "   "}, "title", "This field is required"),
        ({"description": "x" * 2001}, "description", "at most 2000 characters"),
        ({"thumbnail": "PDF"}, "thumbnail", "Upload a JPEG, PNG, WebP or GIF image"),
        ({"thumbnail": "TEXT"}, "thumbnail", "Upload a JPEG, PNG, WebP or GIF image"),
        ({"tags": ", ".join(f"tag{n}" for n in range(11))}, "tags", "At most 10 tags"),
        ({"visibility": "secret"}, "visibility", "Select a valid choice"),
        ({"scheduled_for": "tomorrow", "action": "schedule"}, "scheduled_for", "Enter a valid date/time"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_written(client, creator, overrides, field, message):
    uploads = {
        "PDF": pdf_upload(),
        "TEXT": SimpleUploadedFile("thumb.png", b"not an image at all", content_type="image/png"),
        "PAST": _past(),
    }
    data = go_live_data(**{key: uploads.get(value, value) for key, value in overrides.items()})
    response = client.post(GO_LIVE, data)
    assert response.status_code == 200
    errors = field_errors(page(response), field)
    assert any(message in error for error in errors), errors
    assert not Stream.objects.exists()


def test_oversized_thumbnail_is_refused(client, creator, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 100
    response = client.post(GO_LIVE, go_live_data(thumbnail=image_upload(size=(200, 200))))
    assert any("File too large" in error for error in field_errors(page(response), "thumbnail"))
    assert not Stream.objects.exists()


def test_going_live_twice_is_refused_with_a_link_to_the_live_studio(client, creator):
    live = LiveStreamFactory(creator=creator, title="Already on")
    response = client.post(GO_LIVE, go_live_data())
    html = page(response)
    assert response.status_code == 200
    assert "already live in another stream" in html
    assert reverse("streaming:studio", args=[live.pk]) in html
    assert Stream.objects.count() == 1


def test_a_post_without_either_button_is_refused(client, creator):
    response = client.post(GO_LIVE, go_live_data(action=None))
    assert "Choose Go live now or Schedule." in page(response)
    assert not Stream.objects.exists()


# --- Studio -------------------------------------------------------------------------------------
def studio_url(stream) -> str:
    return reverse("streaming:studio", args=[stream.pk])


def test_studio_shows_ingest_counts_earnings_and_chat(client, creator, settings):
    settings.RTMP_INGEST_URL = "rtmp://ingest.example:1935/live"
    stream = LiveStreamFactory(creator=creator, current_viewers=3, peak_viewers=7)
    staff = UserFactory(is_staff=True)
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=1000, reason="test", granted_by=staff)
    wallet.wallet_spend(
        payer=fan, amount=100, recipient=creator, kind="gift", reference="test:1", idempotency_key="studio-earn"
    )
    services.chat_post(stream=stream, user=fan, content="first! @hooper")
    html = page(client.get(studio_url(stream)))
    # The studio's cameras card tells where encoders publish; keys live on the device pages.
    assert "rtmp://ingest.example:1935/live" in html
    assert "No camera films this stream yet." in html
    assert re.search(r"Watching now</dt><dd data-viewers>3</dd>", html)
    assert re.search(r"Peak viewers</dt><dd data-peak>7</dd>", html)
    assert "Earnings balance" in html
    # The creator's 70%, which studio.js adds each gift's share to.
    assert re.search(r'id="earnings-balance" data-studio-earnings="70">(\d+)<', html).group(1) == "70"
    assert f'data-socket="/ws/streams/{stream.pk}/"' in html
    assert 'first! <span class="mention">@hooper</span>' in html
    assert ">End stream</button>" in html
    assert ">Start stream</button>" not in html
    assert 'name="chat-slow_mode_seconds"' in html


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private"])
def test_studio_is_for_the_owner_only(client, visibility):
    stream = LiveStreamFactory(visibility=visibility)
    client.force_login(UserFactory())
    assert client.get(studio_url(stream)).status_code == 404
    client.force_login(stream.creator)
    assert client.get(studio_url(stream)).status_code == 200


def test_studio_sends_visitors_to_log_in(client):
    stream = LiveStreamFactory()
    response = client.get(studio_url(stream))
    assert response.status_code == 302


def test_start_button_takes_a_scheduled_stream_live(client, creator):
    stream = StreamFactory(creator=creator, scheduled_for=timezone.now() + timedelta(hours=1))
    html = page(client.get(studio_url(stream)))
    assert ">Start stream</button>" in html
    assert ">End stream</button>" not in html
    response = client.post(reverse("streaming:start", args=[stream.pk]))
    assert response["Location"] == studio_url(stream)
    stream.refresh_from_db()
    assert stream.status == "live"


def test_a_scheduled_stream_can_be_cancelled_from_the_studio(client, creator):
    """stream_cancel had no page and no API: a creator could not call a scheduled stream off."""
    stream = StreamFactory(creator=creator, scheduled_for=timezone.now() + timedelta(hours=1))
    assert ">Cancel stream</button>" in page(client.get(studio_url(stream)))
    response = client.post(reverse("streaming:cancel", args=[stream.pk]))
    assert response["Location"] == studio_url(stream)
    stream.refresh_from_db()
    assert stream.status == "cancelled"
    html = page(client.get(studio_url(stream)))
    assert "This stream was cancelled." in html
    assert ">Cancel stream</button>" not in html
    client.force_login(UserFactory())
    other = StreamFactory(creator=creator)
    assert client.post(reverse("streaming:cancel", args=[other.pk])).status_code == 404


def test_end_button_ends_and_the_studio_shows_the_summary(client, creator, django_capture_on_commit_callbacks):
    stream = LiveStreamFactory(creator=creator, started_at=timezone.now() - timedelta(minutes=90, seconds=5))
    fans = UserFactory.create_batch(2)
    for fan in fans:
        services.viewer_join(stream=stream, viewer_key=f"u{fan.pk}", user=fan, socket=True)
    StreamViewer.objects.filter(stream=stream).update(present_since=stream.started_at)
    services.chat_post(stream=stream, user=fans[0], content="one")
    services.chat_post(stream=stream, user=fans[0], content="two")
    services.chat_post(stream=stream, user=fans[1], content="three")
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would, outside a test transaction
        response = client.post(reverse("streaming:end", args=[stream.pk]))
    assert response["Location"] == studio_url(stream)
    response = client.get(response["Location"])
    stream.refresh_from_db()
    assert stream.status == "ended"
    assert stream.stats_computed_at is not None  # the stats task ran eagerly
    html = page(response)
    assert "Stream ended. Here is how it went." in html
    summary = re.search(r'<dl class="stats stream-summary".*?</dl>', html, re.S).group(0)
    stats = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", summary))
    assert stats["Duration"].startswith("1:30:0")
    assert (stats["Peak viewers"], stats["Total viewers"]) == ("2", "2")
    assert (stats["Unique chatters"], stats["Messages"]) == ("2", "3")
    assert stats["Watch time"] == "3 h 0 min"  # two viewers present for the whole 90 minutes
    assert ">End stream</button>" not in html
    assert "data-socket" not in html  # an ended stream counts nobody


def test_start_and_end_are_for_the_owner_only(client):
    stream = LiveStreamFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("streaming:end", args=[stream.pk])).status_code == 404
    assert client.get(reverse("streaming:end", args=[stream.pk])).status_code == 405
    stream.refresh_from_db()
    assert stream.status == "live"


def test_illegal_moves_are_messages_not_crashes(client, creator):
    stream = StreamFactory(creator=creator, status="ended")
    response = client.post(reverse("streaming:start", args=[stream.pk]), follow=True)
    assert "cannot become live" in page(response)
    stream.refresh_from_db()
    assert stream.status == "ended"


def settings_url(stream) -> str:
    return reverse("streaming:chat_settings", args=[stream.pk])


def test_chat_settings_save_through_htmx_and_return_the_partial(client, creator):
    stream = LiveStreamFactory(creator=creator)
    data = {"chat-slow_mode_seconds": "30", "chat-emote_only": "on", "chat-chat_enabled": "on"}
    response = client.post(settings_url(stream), data, HTTP_HX_REQUEST="true")
    html = page(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<form class="card chat-settings" id="chat-settings"')
    assert "<html" not in html
    assert "Saved." in html
    assert 'id="chat-modes" data-chat-modes aria-label="Chat modes" hx-swap-oob="true"' in html
    assert "Slow mode 30 s" in html
    assert "Emote-only" in html
    stream.refresh_from_db()
    assert (stream.slow_mode_seconds, stream.emote_only, stream.followers_only, stream.chat_enabled) == (
        30,
        True,
        False,
        True,
    )


def test_chat_settings_errors_come_back_in_the_partial(client, creator):
    stream = LiveStreamFactory(creator=creator)
    response = client.post(settings_url(stream), {"chat-slow_mode_seconds": "601"}, HTTP_HX_REQUEST="true")
    assert "less than or equal to 600" in page(response)
    assert "Saved." not in page(response)
    stream.refresh_from_db()
    assert (stream.slow_mode_seconds, stream.chat_enabled) == (0, True)


def test_chat_settings_without_htmx_redirect_to_the_studio(client, creator):
    stream = LiveStreamFactory(creator=creator)
    response = client.post(settings_url(stream), {"chat-slow_mode_seconds": "0", "chat-followers_only": "on"})
    assert response["Location"] == studio_url(stream)
    stream.refresh_from_db()
    assert (stream.followers_only, stream.chat_enabled) == (True, False)


def test_chat_settings_are_for_moderators(client):
    stream = LiveStreamFactory()
    client.force_login(UserFactory())
    response = client.post(settings_url(stream), {"chat-slow_mode_seconds": "5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    stream.refresh_from_db()
    assert stream.slow_mode_seconds == 0


# --- /live/ -------------------------------------------------------------------------------------
def grid_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="stream-card__title"><a href="[^"]+">(.*?)</a></h3>', html)


def test_live_grid_lists_public_live_streams_by_viewers(client):
    LiveStreamFactory(title="Small run", current_viewers=3)
    big = LiveStreamFactory(title="Big run", current_viewers=40)
    LiveStreamFactory(title="Unlisted run", visibility="unlisted", current_viewers=99)
    LiveStreamFactory(title="Private run", visibility="private", current_viewers=99)
    StreamFactory(title="Later run")
    StreamFactory(title="Old run", status="ended")
    html = page(client.get("/live/"))
    assert grid_titles(html) == ["Big run", "Small run"]
    assert reverse("streaming:watch", args=[big.pk]) in html
    assert "40 watching" in html
    assert "Practice" in html
    assert big.creator.username in html
    assert "Athletes to follow" in html


def test_live_grid_shows_the_creator_badge_and_thumbnail_or_placeholder(client):
    creator = UserFactory()
    creator.profile.verification_tier = "ELITE_VERIFIED"
    creator.profile.save()
    pictured = LiveStreamFactory(
        creator=creator, title="With picture", thumbnail=image_upload("t.png"), current_viewers=2
    )
    LiveStreamFactory(title="Without picture", category="COACHING")
    html = page(client.get("/live/"))
    card = html[html.index("With picture") - 2000 : html.index("With picture") + 1500]
    assert f'<img src="{pictured.thumbnail.url}"' in card
    assert 'title="Elite verified"' in card
    assert '<span class="stream-card__placeholder">Coaching</span>' in html


def test_live_grid_filters_by_category_and_sorts(client):
    old = LiveStreamFactory(title="Old drill", started_at=timezone.now() - timedelta(hours=2), current_viewers=50)
    LiveStreamFactory(title="Fresh drill", current_viewers=5)
    LiveStreamFactory(title="Coach talk", category="COACHING", current_viewers=500)
    html = page(client.get("/live/?category=PRACTICE"))
    assert grid_titles(html) == ["Old drill", "Fresh drill"]
    assert '<a href="/live/?category=PRACTICE" aria-current="page">Practice</a>' in html
    assert grid_titles(page(client.get("/live/?category=PRACTICE&sort=newest"))) == ["Fresh drill", "Old drill"]
    assert grid_titles(page(client.get("/live/?sort=viewers"))) == ["Coach talk", "Old drill", "Fresh drill"]
    # Trending: recent chat counts on top of viewers.
    fan = UserFactory()
    for n in range(5):
        services.chat_post(stream=old, user=UserFactory(), content=f"hype {n}")
    services.chat_post(stream=old, user=fan, content="more")
    assert grid_titles(page(client.get("/live/?sort=trending&category=PRACTICE"))) == ["Old drill", "Fresh drill"]
    # Filters keep each other in their links.
    html = page(client.get("/live/?category=COACHING&sort=newest"))
    assert 'href="/live/?status=scheduled&amp;category=COACHING&amp;sort=newest"' in html
    assert 'href="/live/?sort=newest"' in html  # "All" categories keeps the sort


def test_unknown_filters_fall_back_to_the_defaults(client):
    LiveStreamFactory(title="Any run")
    html = page(client.get("/live/?category=DANCE&sort=loudest&status=ended"))
    assert grid_titles(html) == ["Any run"]


def test_scheduled_tab_lists_upcoming_streams_with_their_time(client):
    soon = timezone.now() + timedelta(hours=3)
    StreamFactory(title="Later", scheduled_for=soon + timedelta(days=1))
    StreamFactory(title="Sooner", scheduled_for=soon)
    StreamFactory(title="Some day")
    StreamFactory(title="Hidden", scheduled_for=soon, visibility="private")
    LiveStreamFactory(title="Live one")
    html = page(client.get("/live/?status=scheduled"))
    assert grid_titles(html) == ["Sooner", "Later", "Some day"]
    assert f'<time datetime="{soon.isoformat()}">' in html
    assert "Time to be announced" in html
    assert '<a href="/live/?status=scheduled" aria-current="page">Scheduled</a>' in html


def test_empty_states(client):
    html = page(client.get("/live/"))
    assert "Nobody is live right now." in html
    html = page(client.get("/live/?category=TOURNAMENT"))
    assert "Nobody is live in Tournament right now." in html
    assert "Show all categories" in html
    assert "No streams are scheduled yet." in page(client.get("/live/?status=scheduled"))


@pytest.mark.parametrize("sort", ["viewers", "newest", "trending"])
def test_live_grid_query_count_does_not_grow_with_streams(client, django_assert_max_num_queries, sort):
    client.force_login(UserFactory())
    for n in range(3):
        LiveStreamFactory(thumbnail=image_upload(f"{n}.png") if n % 2 else "")
    # 8: one reads the header's unread notification count, one the category filter's tabs.
    with django_assert_max_num_queries(8) as few:
        client.get(f"/live/?sort={sort}")
    for n in range(12):
        LiveStreamFactory(thumbnail=image_upload(f"more{n}.png") if n % 2 else "")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client.get(f"/live/?sort={sort}"))
    assert len(grid_titles(html)) == 15


# --- Watch --------------------------------------------------------------------------------------
def watch_url(stream) -> str:
    return reverse("streaming:watch", args=[stream.pk])


def test_watch_a_public_live_stream(client):
    stream = LiveStreamFactory(title="Sunday run", current_viewers=4, peak_viewers=9, slow_mode_seconds=15)
    fan = UserFactory()
    client.force_login(fan)
    html = page(client.get(watch_url(stream)))
    assert "<h1>Sunday run</h1>" in html
    assert 'data-card="live">' in html
    assert "no camera is sending a picture yet" in html
    assert re.search(r'data-card="scheduled" hidden', html)
    assert "<strong data-viewers>4</strong> watching" in html
    assert "peak <span data-peak>9</span>" in html
    assert f'data-socket="/ws/streams/{stream.pk}/"' in html
    assert '<li class="chat-mode">Slow mode 15 s</li>' in html
    assert 'id="chat-input" name="content" type="text" maxlength="500"' in html
    assert reverse("accounts:follow", args=[stream.creator.username]) in html
    assert ">Follow</button>" in html
    assert "static/js/stream.js" in html
    assert "data-can-moderate" not in html


def test_watch_page_header_shows_every_chat_mode(client):
    stream = LiveStreamFactory(chat_enabled=False, emote_only=True, followers_only=True)
    client.force_login(UserFactory())
    html = page(client.get(watch_url(stream)))
    modes = re.search(r'<ul class="chat-modes".*?</ul>', html).group(0)
    assert re.findall(r"<li[^>]*>(.*?)</li>", modes) == ["Chat off", "Emote-only", "Followers-only"]
    assert re.search(r'<input id="chat-input"[^>]* disabled>', html)
    assert "Chat is off for this stream." in html


def test_scheduled_stream_shows_the_offline_card(client):
    when = datetime(2031, 5, 4, 18, 30, tzinfo=UTC)
    stream = StreamFactory(scheduled_for=when)
    html = page(client.get(watch_url(stream)))
    assert "The stream hasn&#x27;t started yet" in html or "The stream hasn't started yet" in html
    assert "Sun 4 May, 18:30 UTC" in html
    assert 'data-card="live" hidden' in html


def test_ended_stream_shows_the_ended_card_with_stats(client):
    stream = StreamFactory(
        status="ended",
        started_at=timezone.now() - timedelta(hours=1),
        ended_at=timezone.now(),
        duration_seconds=3725,
        peak_viewers=31,
        total_viewers=120,
        unique_chatters=14,
        messages_count=230,
        total_watch_seconds=4 * 3600 + 5 * 60,
        stats_computed_at=timezone.now(),
    )
    html = page(client.get(watch_url(stream)))
    assert "This stream has ended" in html
    ended = re.search(r'data-card="ended">.*?</dl>', html, re.S).group(0)
    stats = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", ended))
    assert stats == {
        "Duration": "1:02:05",
        "Peak viewers": "31",
        "Total viewers": "120",
        "Unique chatters": "14",
        "Messages": "230",
        "Watch time": "4 h 5 min",
    }
    assert "data-socket" not in html
    assert "This stream has ended; its chat is closed." in html


def test_unlisted_stream_opens_by_link(client):
    stream = LiveStreamFactory(visibility="unlisted")
    assert client.get(watch_url(stream)).status_code == 200


def test_private_stream_is_a_404_for_everyone_but_its_creator(client):
    stream = LiveStreamFactory(visibility="private")
    assert client.get(watch_url(stream)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(watch_url(stream)).status_code == 404
    client.force_login(stream.creator)
    html = page(client.get(watch_url(stream)))
    assert "Open the studio" in html


def test_missing_stream_is_a_404(client):
    assert client.get("/streams/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_deactivated_creators_stream_is_a_404(client):
    stream = LiveStreamFactory()
    stream.creator.is_active = False
    stream.creator.save()
    assert client.get(watch_url(stream)).status_code == 404


def test_anonymous_viewers_get_a_session_and_a_log_in_link(client):
    stream = LiveStreamFactory()
    assert Session.objects.count() == 0
    html = page(client.get(watch_url(stream)))
    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()
    assert f'href="/accounts/login/?next=/streams/{stream.pk}/">Log in to chat</a>' in html
    assert 'name="content"' not in html
    assert "Log in to follow" in html
    # The same browser keeps its session (its socket counts once).
    client.get(watch_url(stream))
    assert client.cookies["sessionid"].value == session_key
    assert Session.objects.count() == 1


def test_pay_per_view_shows_the_unlock_form_and_no_chat(client):
    stream = LiveStreamFactory(pay_per_view_cost=250)
    services.chat_post(stream=stream, user=stream.creator, content="members only")
    client.force_login(UserFactory())
    html = page(client.get(watch_url(stream)))
    assert "Unlock for 250 coins" in html
    assert reverse("streaming:unlock", args=[stream.pk]) in html
    assert "data-socket" not in html
    assert "members only" not in html
    # The chat says why, in the rule's words.
    assert '<p class="chat-notice muted" data-chat-notice>Unlock this pay-per-view stream for 250 coins' in html
    assert 'data-card="live"' not in html


def test_pay_per_view_without_coins_says_so_and_links_to_the_wallet(client):
    stream = LiveStreamFactory(pay_per_view_cost=250)
    client.force_login(UserFactory())
    response = client.post(reverse("streaming:unlock", args=[stream.pk]))
    html = page(response)
    assert response.status_code == 200
    errors = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S).group(1)
    assert 'href="/wallet/"' in errors
    assert not PayPerViewAccess.objects.exists()


def test_pay_per_view_unlock_opens_player_and_chat(client):
    stream = LiveStreamFactory(pay_per_view_cost=250)
    fan, staff = UserFactory(), UserFactory(is_staff=True)
    wallet.wallet_grant(user=fan, amount=300, reason="test", granted_by=staff)
    client.force_login(fan)
    response = client.post(reverse("streaming:unlock", args=[stream.pk]), follow=True)
    html = page(response)
    assert "Unlocked. Enjoy the stream!" in html
    assert f'data-socket="/ws/streams/{stream.pk}/"' in html
    assert 'data-card="live">' in html
    assert balance_of(user=fan) == 50
    client.post(reverse("streaming:unlock", args=[stream.pk]))
    assert balance_of(user=fan) == 50  # once


def test_pay_per_view_asks_visitors_to_log_in(client):
    stream = LiveStreamFactory(pay_per_view_cost=250)
    html = page(client.get(watch_url(stream)))
    assert "Log in to unlock" in html
    response = client.post(reverse("streaming:unlock", args=[stream.pk]))
    assert response["Location"].startswith(reverse("account_login"))


def test_the_creator_of_a_pay_per_view_stream_watches_free(client):
    stream = LiveStreamFactory(pay_per_view_cost=250)
    client.force_login(stream.creator)
    html = page(client.get(watch_url(stream)))
    assert "Unlock for" not in html
    assert "data-can-moderate" in html


# --- Chat in pages ------------------------------------------------------------------------------
XSS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    '"><svg onload=window.__xss=1>',
]


def test_chat_history_is_escaped_and_only_http_links_are_links(client):
    stream = LiveStreamFactory()
    fan = UserFactory(username="shooter")
    for payload in [*XSS, "javascript:window.__xss=1", 'see https://example.com/x?a="onmouseover=alert(1) ok']:
        ChatMessage.objects.create(stream=stream, user=fan, content=payload)
    ChatMessage.objects.create(stream=stream, user=fan, content="hi @hooper, mail me: a@b.co (http://court.test/run).")
    html = page(client.get(watch_url(stream)))
    chat = re.search(r'<ol class="chat-messages".*?</ol>', html, re.S).group(0)
    assert "<img" not in chat
    assert "<script" not in chat
    assert "<svg" not in chat
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in chat
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in chat
    assert 'href="javascript' not in chat
    links = re.findall(r'<a href="([^"]*)" rel="nofollow noopener noreferrer" target="_blank">', chat)
    assert links == ["https://example.com/x?a=", "http://court.test/run"]
    assert "&quot;onmouseover=alert(1) ok" in chat
    assert '<span class="mention">@hooper</span>' in chat
    assert "a@b.co" in chat
    assert '<span class="mention">@b' not in chat
    assert '(<a href="http://court.test/run" rel="nofollow noopener noreferrer" target="_blank">' in chat
    assert "</a>)." in chat


def test_deleted_messages_are_not_shown(client):
    stream = LiveStreamFactory()
    gone = services.chat_post(stream=stream, user=UserFactory(), content="gone soon")
    services.chat_delete(message=gone, by=stream.creator)
    assert "gone soon" not in page(client.get(watch_url(stream)))


def test_chat_form_posts_without_javascript(client):
    stream = LiveStreamFactory()
    fan = UserFactory()
    client.force_login(fan)
    response = client.post(reverse("streaming:chat_post", args=[stream.pk]), {"content": "no js here"})
    assert response["Location"] == watch_url(stream) + "#chat"
    assert ChatMessage.objects.get().content == "no js here"
    response = client.post(reverse("streaming:chat_post", args=[stream.pk]), {"content": "x" * 501}, follow=True)
    assert "Messages are at most 500 characters." in toasts(response)
    assert ChatMessage.objects.count() == 1


def test_chat_form_needs_login(client):
    stream = LiveStreamFactory()
    response = client.post(reverse("streaming:chat_post", args=[stream.pk]), {"content": "hi"})
    assert response["Location"].startswith(reverse("account_login"))
    assert not ChatMessage.objects.exists()


def test_moderators_delete_messages_without_javascript(client):
    stream = LiveStreamFactory()
    message = services.chat_post(stream=stream, user=UserFactory(), content="spam spam")
    url = reverse("streaming:chat_delete", args=[stream.pk, message.pk])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    client.force_login(stream.creator)
    html = page(client.get(studio_url(stream)))
    assert f'action="{url}"' in html
    response = client.post(url, {"from": "studio"})
    assert response["Location"] == studio_url(stream) + "#chat"
    message.refresh_from_db()
    assert message.deleted_by == stream.creator


def test_followers_only_chat_is_refused_for_non_followers(client):
    stream = LiveStreamFactory(followers_only=True)
    fan = UserFactory()
    client.force_login(fan)
    response = client.post(reverse("streaming:chat_post", args=[stream.pk]), {"content": "let me in"}, follow=True)
    assert "Followers-only mode: follow the creator to chat." in toasts(response)
    FollowFactory(follower=fan, creator=stream.creator)
    client.post(reverse("streaming:chat_post", args=[stream.pk]), {"content": "let me in"})
    assert ChatMessage.objects.filter(content="let me in").exists()


def test_nav_has_go_live_for_members_only(client):
    assert ">Go live<" not in page(client.get("/live/"))
    client.force_login(UserFactory())
    assert ">Go live<" in page(client.get("/live/"))
