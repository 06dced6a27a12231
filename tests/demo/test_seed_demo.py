import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Follow, SponsorLogo, User, VerificationRequest
from apps.gifting.models import GiftSend
from apps.moderation.models import Report
from apps.notifications.models import Notification
from apps.restrictions.models import AuditEntry
from apps.restrictions.rules import is_channel_moderator, is_platform_moderator
from apps.shots.models import Shot
from apps.shots.selectors.tracker import shot_summary
from apps.streaming.models import ChatMessage, Review, Stream
from apps.tournaments.models import (
    OPEN_CHALLENGE_STATUSES,
    Challenge,
    ChallengeStatus,
    Entry,
    EntryStatus,
    GameType,
    Match,
    MatchReport,
    MatchStatus,
    RatingChange,
    Tournament,
    TournamentStatus,
)
from apps.tournaments.selectors.entries import prize_pool, tournament_list
from apps.tournaments.selectors.ratings import leaderboard
from apps.wallet.accounts import system_account
from apps.wallet.audit import audit
from apps.wallet.models import AccountKind, Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gift_catalog():
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            User,
            Follow,
            VerificationRequest,
            SponsorLogo,
            Stream,
            ChatMessage,
            GiftSend,
            Transfer,
            Tournament,
            Entry,
            Match,
            MatchReport,
            RatingChange,
            Challenge,
            Shot,
        )
    )


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == 19
    tiers = set(User.objects.values_list("profile__verification_tier", flat=True))
    assert {"CELEBRITY", "ELITE_VERIFIED", "PREMIUM_VERIFIED", "BASIC_VERIFIED", "UNVERIFIED"} <= tiers
    assert User.objects.get(username="staff").is_staff
    assert is_platform_moderator(User.objects.get(username="moderator"))
    assert not User.objects.get(username="moderator").is_staff
    assert GiftSend.objects.count() == 3
    # Sponsor logos uploaded like anyone's, served from our media.
    assert SponsorLogo.objects.count() == 3
    assert all(logo.image.url.startswith("/media/sponsors/") for logo in SponsorLogo.objects.all())
    assert audit() == []
    out = capsys.readouterr().out
    assert "ballskill-demo" in out
    assert "hooperjay" in out


def test_the_demo_desk_has_a_held_line_and_a_report_of_a_moderated_channel():
    call_command("seed_demo")
    call_command("seed_demo")
    hooper = User.objects.get(username="hooperjay")
    assert is_channel_moderator(User.objects.get(username="viewer2"), hooper.pk)
    held = ChatMessage.objects.get(review=Review.HELD)
    assert (held.stream.creator, held.user.username, held.held_rule) == (hooper, "viewer3", "Blocked term: ballhog*")
    report = Report.objects.get()
    assert (report.reporter.username, report.target_type) == ("viewer1", "message")
    assert AuditEntry.objects.filter(actor=hooper).count() == 4


def test_demo_streams_are_past_broadcasts_with_stats_or_upcoming_never_live():
    """A live stream without an encoder publishing would be a LIVE page with no picture."""
    call_command("seed_demo")
    assert sorted(Stream.objects.values_list("status", flat=True)) == ["ended", "ended", "scheduled", "scheduled"]
    for stream in Stream.objects.filter(status="ended"):
        assert stream.duration_seconds >= 30 * 60
        assert stream.peak_viewers >= 1
        assert stream.stats_computed_at is not None
        assert stream.messages_count >= 1
        assert stream.total_watch_seconds >= stream.peak_viewers * 30 * 60
        assert stream.gift_sends.exists()
    assert all(stream.scheduled_for > timezone.now() for stream in Stream.objects.filter(status="scheduled"))
    scored = Stream.objects.get(status="ended", creator__username="hooperjay")
    assert (shot_summary(scored)["made"], shot_summary(scored)["att"]) == (8, 13)  # its shots, tracked while live
    assert User.objects.get(username="hooperjay").profile.career_shooting_by_type["three"]["att"] == 5


def test_the_live_page_after_seeding_shows_upcoming_and_past_broadcasts(client):
    call_command("seed_demo")
    html = client.get(reverse("live")).content.decode()
    assert "Nobody is live" in html
    assert "3-point contest: 100 shots, 5 racks" in html  # coming up
    assert "Friday night 1v1s: the rematch" in html
    assert "Baseline cam: passing reads" in html  # a past broadcast, with its stats
    assert "1:15:00" in html
    assert 'class="live-pill"' not in html


@pytest.mark.django_db(transaction=True)  # commits as `make run` does, so the events' subscribers run
def test_followers_heard_of_each_past_broadcast_when_it_went_live_not_when_seeded():
    call_command("seed_demo")
    for stream in Stream.objects.filter(status="ended"):
        told = Notification.objects.filter(url=reverse("streaming:watch", args=[stream.pk]), kind="followed_live")
        assert told.exists()
        assert {notification.created_at for notification in told} == {stream.started_at}


def _stakes_held(challenge: Challenge) -> int:
    return challenge.stake * sum(
        1 for payer in (challenge.challenger_stake_by_id, challenge.opponent_stake_by_id) if payer
    )


def test_demo_tournaments_keep_the_books():
    """Every coin went through the wallet: the audit is clean, escrow holds exactly the pools of the
    open tournaments and the stakes of the open challenges, and the finished ladders paid out theirs."""
    call_command("seed_demo")
    assert audit() == []
    open_tournaments = Tournament.objects.exclude(status__in=[TournamentStatus.FINALIZED, TournamentStatus.CANCELLED])
    open_challenges = Challenge.objects.filter(status__in=OPEN_CHALLENGE_STATUSES)
    assert system_account(AccountKind.ESCROW).balance == sum(map(prize_pool, open_tournaments)) + sum(
        map(_stakes_held, open_challenges)
    )
    ladders = Tournament.objects.filter(name__startswith="Free-Throw Ladder")
    assert ladders.count() == 4
    for ladder in ladders:
        assert ladder.status == TournamentStatus.FINALIZED
        assert not ladder.matches.exclude(status=MatchStatus.DONE).exists()
        places = sorted(ladder.entries.values_list("final_place", "prize"))
        # A pool of 6 x 20 coins less the 10% cut, split 60/30/10 rounded down, the remainder to first.
        assert places[:3] == [(1, 66), (2, 32), (3, 10)]
        assert [place for place, _ in places] == [1, 2, 3, 4, 5, 6]


def test_the_live_open_is_in_its_first_rounds_with_a_dispute_and_the_cup_takes_registrations(client):
    call_command("seed_demo")
    live = Tournament.objects.get(name="Winter Handles Open", status=TournamentStatus.LIVE)
    assert live.organizer.username == "hooperjay"
    assert live.entries.filter(status=EntryStatus.REGISTERED, checked_in_at__isnull=False).count() == 16
    statuses = dict(live.matches.values_list("code", "status"))
    assert statuses["W1-M7"] == MatchStatus.DISPUTED
    disputed = live.matches.get(code="W1-M7")
    reports = list(disputed.reports.filter(current=True).values_list("games", flat=True))
    assert len(reports) == 2
    assert reports[0] != reports[1]
    assert statuses["W1-M8"] == MatchStatus.LIVE  # one report in, the other player's clock running
    assert sorted(code for code, status in statuses.items() if status == MatchStatus.DONE) == [
        "L1-M1",
        *(f"W1-M{n}" for n in range(1, 7)),
        "W2-M1",
    ]
    assert live.matches.get(conditional=True).status == MatchStatus.WAITING  # the reset, only if needed
    api = client.get(f"/api/v1/tournaments/{live.pk}")
    assert api.status_code == 200
    assert len(api.json()["bracket"]["matches"]) == 31  # 2N - 2, and the reset waiting to be needed

    cup = Tournament.objects.get(name="Sunday Run 1v1 Cup")
    assert list(tournament_list(phase="upcoming")) == [cup]
    assert cup.entry_fee > 0
    assert cup.check_in_opens_at > timezone.now()
    registered = cup.entries.filter(status=EntryStatus.REGISTERED)
    assert registered.count() < cup.capacity
    assert registered.exclude(paid_by=F("player")).get().paid_by.username == "hooperjay"  # a gifted entry

    pending = Challenge.objects.get(status=ChallengeStatus.PENDING)
    assert pending.challenger_stake_by.username == "viewer2"  # a friend paid the stake
    accepted = Challenge.objects.get(status=ChallengeStatus.ACCEPTED)
    assert accepted.match.status == MatchStatus.READY


def test_the_leaderboards_have_established_free_throw_ratings(client):
    call_command("seed_demo")
    board = list(leaderboard(game_type=GameType.objects.get(code="FREE_THROW")))
    assert len(board) == 6
    assert all(rating.rated_matches >= 5 and rating.deviation < 110 for rating in board)
    html = client.get(reverse("tournaments:leaderboard", args=["free_throw"])).content.decode()
    assert board[0].player.public_name in html
    assert client.get("/leaderboards/").status_code == 200
