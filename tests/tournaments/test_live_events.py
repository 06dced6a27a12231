"""The tournament frames other than BU, received on real sockets: PJ/PL with the count, SE for a
superstar, ES, and RC and SA on the player's own `/ws/me/`; and the superstar rule itself."""

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from apps.accounts.models import AthleteProfile
from apps.accounts.tiers import Tier
from apps.tournaments import events
from apps.tournaments.models import MatchStatus, Rating, TournamentStatus
from apps.tournaments.selectors.live import SuperstarLevel, superstar_criteria, superstar_level
from tests.factories import FollowFactory, UserFactory
from tests.realtime.sockets import frames_until, open_socket
from tests.tournaments.live_fixtures import complete_match, game_type, live_tournament, register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


async def _watch(path: str, user=None):
    socket, connected, _ = await open_socket(path, user)
    assert connected
    return socket


def _frame(frames: list[dict], code: str) -> dict:
    return next(frame["d"] for frame in frames if frame["t"] == code)


def _make_star(user, *, rating: float = 1600, tier=Tier.PREMIUM_VERIFIED, prize_cents: int = 0) -> None:
    """Rating above 1500 and the tier: two of the five criteria, plus a third with `prize_cents`."""
    Rating.objects.create(player=user, game_type=game_type(), rating=rating)
    AthleteProfile.objects.filter(user=user).update(verification_tier=tier, career_prize_money_cents=prize_cents)
    user.profile.refresh_from_db()


@pytest.mark.parametrize(
    ("prize_cents", "followers", "expected"),
    [
        (500_000, 0, None),  # exactly $5,000 is not above it: two criteria
        (500_001, 0, SuperstarLevel.ELITE),
        (500_001, 1001, SuperstarLevel.LEGENDARY),
    ],
)
def test_superstar_level_counts_the_specs_five_criteria(prize_cents, followers, expected):
    star = UserFactory()
    _make_star(star, prize_cents=prize_cents)
    FollowFactory.create_batch(followers, creator=star)
    assert superstar_level(star) == expected


def test_superstar_criteria_names_what_is_met():
    star = UserFactory()
    Rating.objects.create(player=star, game_type=game_type(), rating=1501, current_streak=11)
    assert superstar_criteria(star) == ["rating", "streak"]


async def test_a_registration_is_announced_to_everyone_with_the_count():
    tournament, entrants, _ = await sync_to_async(live_tournament)()
    spectator = await _watch(f"/ws/tournaments/{tournament.pk}/")
    player = await _watch(f"/ws/tournaments/{tournament.pk}/", entrants[0])
    newcomer = await sync_to_async(UserFactory)()

    await sync_to_async(register)(tournament, newcomer)

    for socket in (spectator, player):
        joined = _frame(await frames_until(socket, "PJ"), "PJ")
        assert joined["reason"] == "registered"
        assert joined["count"] == len(entrants) + 1
        assert (joined["player"]["id"], joined["player"]["u"]) == (newcomer.pk, newcomer.username)
        assert joined["rating"] == "1500? ± 700"  # shown beside the name as the page shows it


async def test_a_superstar_registering_is_announced_after_their_join():
    tournament, _, _ = await sync_to_async(live_tournament)()
    spectator = await _watch(f"/ws/tournaments/{tournament.pk}/")
    star = await sync_to_async(UserFactory)()
    await sync_to_async(_make_star)(star, prize_cents=600_000)

    await sync_to_async(register)(tournament, star)

    frames = await frames_until(spectator, "SE")
    codes = [frame["t"] for frame in frames if frame["t"] in ("PJ", "SE")]
    assert codes == ["PJ", "SE"]
    announced = _frame(frames, "SE")
    assert (announced["player"]["id"], announced["level"]) == (star.pk, "ELITE")
    assert announced["met"] == ["rating", "tier", "prize"]


def _finalize(tournament) -> None:
    with transaction.atomic():
        tournament.status = TournamentStatus.FINALIZED
        tournament.save(update_fields=["status"])
        events.status_changed(tournament)


async def test_a_status_change_reaches_everyone():
    tournament, entrants, _ = await sync_to_async(live_tournament)()
    spectator = await _watch(f"/ws/tournaments/{tournament.pk}/")
    player = await _watch(f"/ws/tournaments/{tournament.pk}/", entrants[0])
    await frames_until(spectator, "ES")
    await frames_until(player, "ES")

    await sync_to_async(_finalize)(tournament)

    for socket in (spectator, player):
        assert _frame(await frames_until(socket, "ES"), "ES")["s"] == "finalized"


def _play_to_the_end(tournament) -> None:
    """Every match, round by round, won by its first player: seed 1 wins three in a row."""
    while ready := list(tournament.matches.filter(status=MatchStatus.READY).order_by("pk")):
        for match in ready:
            complete_match(match)


async def test_results_send_rc_and_a_streak_alert_to_the_players_own_socket():
    tournament, entrants, _ = await sync_to_async(live_tournament)(players=8)
    champion = entrants[0]
    me = await _watch("/ws/me/", champion)

    await sync_to_async(_play_to_the_end)(tournament)  # the matches service rates each on completion

    frames = await frames_until(me, "SA")
    changes = [frame["d"] for frame in frames if frame["t"] == "RC"]
    assert len(changes) == 3  # one for each win; the alert comes with the third
    rating = await sync_to_async(Rating.objects.get)(player=champion)
    assert changes[-1] == {
        "game": "1V1",
        "rating": round(rating.rating),
        "display": f"{round(rating.rating)}? ± {round(2 * rating.deviation)}",
        "delta": changes[-1]["delta"],
    }
    assert all(change["delta"] > 0 for change in changes)
    assert _frame(frames, "SA") == {"game": "1V1", "streak": 3}


def _join_waiting_list(tournament, player) -> None:
    with transaction.atomic():
        events.entry_changed(tournament, player=player, joined=True, reason="waiting")


async def test_a_superstar_on_the_waiting_list_is_not_announced_yet():
    tournament, entrants, _ = await sync_to_async(live_tournament)()
    spectator = await _watch(f"/ws/tournaments/{tournament.pk}/")
    star = await sync_to_async(UserFactory)()
    await sync_to_async(_make_star)(star, prize_cents=600_000)
    await sync_to_async(_join_waiting_list)(tournament, star)
    await sync_to_async(_finalize)(tournament)

    frames = await frames_until(spectator, "ES", where=lambda data: data["s"] == "finalized")
    assert [frame["t"] for frame in frames if frame["t"] in ("PJ", "SE")] == ["PJ"]
    assert _frame(frames, "PJ")["reason"] == "waiting"
    assert _frame(frames, "PJ")["count"] == len(entrants)
