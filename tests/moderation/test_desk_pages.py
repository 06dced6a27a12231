"""The desk at /moderation/: who may open it (platform moderators everything, channel moderators
their channels, everyone else 403), its panels, what it costs in queries, and its phone layout."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts import services as accounts_services
from apps.moderation.views import PANEL_ITEMS
from apps.restrictions import audit
from apps.streaming.models import ChatMessage, Review
from apps.tournaments.models import Match, MatchStatus
from apps.tournaments.services import matches
from tests.factories import PlatformModeratorFactory, UserFactory, documents_for, make_verifiable
from tests.moderation.desk_support import channel_with_moderator
from tests.streaming.factories import LiveStreamFactory
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db
DESK = "/moderation/"


def _signed_in(client, user):
    client.force_login(user)
    return client


def _dispute() -> Match:
    tournament, (s1, _s2, _s3, s4) = live_tournament(4)
    first = tournament.matches.get(code="W1-M1")
    matches.match_report(match=first, reporter=s1, games=[[11, 5]])
    matches.match_report(match=first, reporter=s4, games=[[11, 5]])  # each says they won
    first.refresh_from_db()
    assert first.status == MatchStatus.DISPUTED
    return first


def _verification_request():
    user = UserFactory()
    make_verifiable(user)
    return accounts_services.verification_request_create(
        user=user, tier="BASIC_VERIFIED", documents=documents_for("BASIC_VERIFIED")
    )


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(DESK)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "path",
    [DESK, "/moderation/users/", "/moderation/audit/", "/moderation/panels/live/", "/moderation/panels/verification/"],
)
def test_a_viewer_gets_403_everywhere_on_the_desk(client, path):
    assert _signed_in(client, UserFactory()).get(path).status_code == 403


def test_staff_alone_does_not_moderate(client):
    assert _signed_in(client, UserFactory(is_staff=True)).get(DESK).status_code == 403


def test_a_platform_moderator_sees_every_live_stream_and_every_queue(client):
    live = LiveStreamFactory(title="Crossover clinic", current_viewers=42)
    ChatMessage.objects.create(stream=live, user=UserFactory(), content="hello")
    ChatMessage.objects.create(stream=live, user=UserFactory(), content="held one", review=Review.HELD)
    LiveStreamFactory(title="Another channel")
    dispute = _dispute()
    request = _verification_request()

    page = _signed_in(client, PlatformModeratorFactory()).get(DESK).content.decode()

    assert "Crossover clinic" in page
    assert "Another channel" in page
    assert 'data-desk-queue="verification"' in page
    assert request.user.username in page
    assert 'data-desk-queue="disputes"' in page
    assert reverse("tournaments:match", args=[dispute.tournament_id, dispute.pk]) in page
    assert 'data-desk-queue="signup_bursts"' in page
    assert 'data-socket="/ws/moderation/"' in page


def test_the_live_panel_counts_viewers_chat_per_minute_and_held_messages(client):
    live = LiveStreamFactory(current_viewers=42)
    for n in range(10):
        ChatMessage.objects.create(stream=live, user=UserFactory(), content=f"line {n}")
    ChatMessage.objects.create(stream=live, user=UserFactory(), content="held", review=Review.HELD)
    response = _signed_in(client, PlatformModeratorFactory()).get("/moderation/panels/live/")
    row = response.content.decode().split(f'data-stream-id="{live.pk}"')[1].split("</tr>")[0]
    cells = [cell.split(">")[1].split("<")[0] for cell in row.split('class="num"')[1:]]
    # 11 messages in the last five minutes (the held one too: it was written), 1 waiting for review.
    assert cells[:3] == ["42", "2.2", "1"]


def test_a_channel_moderator_sees_only_their_channels_and_no_platform_queues(client):
    creator, moderator = channel_with_moderator()
    LiveStreamFactory(creator=creator, title="Their channel live")
    LiveStreamFactory(title="Someone else's")
    _verification_request()

    page = _signed_in(client, moderator).get(DESK).content.decode()

    assert "Their channel live" in page
    assert "Someone else&#x27;s" not in page
    assert "Someone else's" not in page
    for platform_only in ("verification", "disputes", "signup_bursts"):
        assert f'data-desk-queue="{platform_only}"' not in page
    assert client.get("/moderation/panels/verification/").status_code == 404


def test_a_creator_who_has_streamed_moderates_their_own_channel(client):
    creator, _ = channel_with_moderator()
    assert _signed_in(client, creator).get(DESK).status_code == 200


def test_a_queue_panel_alone_is_the_htmx_partial(client):
    _verification_request()
    response = _signed_in(client, PlatformModeratorFactory()).get(
        "/moderation/panels/verification/", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith("{#") is False
    assert body.lstrip().startswith("<section")
    assert 'hx-trigger="desk-refresh, every 60s"' in body


def _desk_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(DESK).status_code == 200
    return len(captured.captured_queries)


def test_the_desk_page_costs_the_same_queries_however_much_is_waiting(client, django_assert_max_num_queries):
    """Pinned at 23: the session and user (2), the moderator permission (2), the live streams with
    their chat and held counts and their open reports (2), reports, held messages and appeals (count
    and items: 6), verification (count, requests, documents: 3), disputes (count, matches, reports:
    3), signup bursts (count, accounts: 2), and the page's header (wallet, notifications, profile:
    3). Never one per item."""
    _signed_in(client, PlatformModeratorFactory())
    ChatMessage.objects.create(stream=LiveStreamFactory(), user=UserFactory(), content="held", review=Review.HELD)
    _dispute()
    _verification_request()
    few = _desk_queries(client, django_assert_max_num_queries, 30)

    for _ in range(3):
        ChatMessage.objects.create(stream=LiveStreamFactory(), user=UserFactory(), content="held", review=Review.HELD)
        _dispute()
        _verification_request()
    assert _desk_queries(client, django_assert_max_num_queries, 30) == few
    assert few == 23


def test_a_panel_lists_the_first_items_and_says_how_many_wait(client):
    for _ in range(PANEL_ITEMS + 1):
        _verification_request()
    body = _signed_in(client, PlatformModeratorFactory()).get("/moderation/panels/verification/").content.decode()
    assert f"Showing the first {PANEL_ITEMS} of {PANEL_ITEMS + 1}." in body


def test_phone_width_panels_stack_and_tables_become_lists(client):
    LiveStreamFactory()
    page = _signed_in(client, PlatformModeratorFactory()).get(DESK).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    # Every table on the desk is a stacking one, each cell labelled for its line on a phone.
    assert page.count("<table") == page.count("table--stack")
    assert page.count("<td ") == page.count('<td data-label="')
    css = (Path(settings.BASE_DIR) / "static" / "css" / "moderation.css").read_text()
    # One column below 2 x 22rem: a 390 px phone gets one panel a row, none wider than the screen.
    assert "minmax(min(100%, 22rem), 1fr)" in css


# --- The audit log page ------------------------------------------------------------------------
def _audit(actor, action, *, user=None, channel=None, reason=""):
    from django.db import transaction

    with transaction.atomic():
        return audit.record(actor=actor, action=action, user=user, channel=channel, reason=reason)


def test_the_audit_log_shows_everything_to_the_platform_and_filters(client):
    creator, moderator = channel_with_moderator()
    viewer = UserFactory(username="loudviewer")
    _audit(moderator, "timeout", user=viewer, channel=creator, reason="spam")
    _audit(moderator, "ban", user=viewer, channel=None, reason="everywhere")

    _signed_in(client, PlatformModeratorFactory())
    page = client.get("/moderation/audit/").content.decode()
    assert "<code>timeout</code>" in page
    assert "<code>ban</code>" in page

    page = client.get("/moderation/audit/", {"action": "ban"}).content.decode()
    assert "<code>timeout</code>" not in page
    assert "<code>ban</code>" in page
    page = client.get("/moderation/audit/", {"user": "nobody-here"}).content.decode()
    assert "No actions match." in page


def test_a_channel_moderator_reads_their_channels_audit_only(client):
    creator, moderator = channel_with_moderator()
    other_creator, _ = channel_with_moderator()
    viewer = UserFactory()
    _audit(moderator, "timeout", user=viewer, channel=creator, reason="in my channel")
    _audit(moderator, "warning", user=viewer, channel=other_creator, reason="in another")
    _audit(moderator, "platform_ban", user=viewer, channel=None, reason="everywhere")

    page = _signed_in(client, moderator).get("/moderation/audit/").content.decode()
    assert "in my channel" in page
    assert "in another" not in page
    assert "everywhere" not in page
