"""The start's seeding (by rating, random, manual), check-in, pause and resume."""

from datetime import timedelta

import pytest

from apps.tournaments.errors import WrongState
from apps.tournaments.models import GameType, Rating, TournamentStatus
from apps.tournaments.services import entries as services

pytestmark = pytest.mark.django_db


def _seeds(tournament, players) -> list[int]:
    seeds = dict(tournament.entries.values_list("player", "seed"))
    return [seeds[p.pk] for p in players]


def _entered(make_tournament, make_player, now, count: int, **fields):
    tournament = make_tournament(entry_fee=0, **fields)
    players = [make_player() for _ in range(count)]
    for player in players:
        services.register(tournament=tournament, player=player, now=now)
    return tournament, players


def test_seeding_by_rating_puts_the_highest_first_and_the_unrated_at_1500(make_tournament, make_player, now):
    tournament, (low, unrated, high, other_game) = _entered(make_tournament, make_player, now, 4)
    one_v_one, free_throw = GameType.objects.get(code="1V1"), GameType.objects.get(code="FREE_THROW")
    Rating.objects.create(player=low, game_type=one_v_one, rating=1400)
    Rating.objects.create(player=high, game_type=one_v_one, rating=1700)
    Rating.objects.create(player=other_game, game_type=free_throw, rating=2000)  # another game's: unrated here
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    # 1700, then the two at 1500 in registration order, then 1400.
    assert _seeds(tournament, [high, unrated, other_game, low]) == [1, 2, 3, 4]


def test_manual_seeding_takes_the_requested_seeds_then_registration_order(make_tournament, make_player, now):
    tournament, (ana, bo, cy, di) = _entered(make_tournament, make_player, now, 4, seeding="manual")
    tournament.entries.filter(player=cy).update(requested_seed=1)
    tournament.entries.filter(player=ana).update(requested_seed=2)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    assert _seeds(tournament, [cy, ana, bo, di]) == [1, 2, 3, 4]


def test_random_seeding_is_a_draw_anyone_can_replay_from_the_start_time(make_tournament, make_player, now):
    tournament, players = _entered(make_tournament, make_player, now, 8, seeding="random")
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    seeds = _seeds(tournament, players)
    assert sorted(seeds) == list(range(1, 9))
    tournament.refresh_from_db()
    replayed = services._seed_order(tournament, list(tournament.entries.order_by("created_at", "id")))
    assert [e.player_id for e in replayed] == [p.pk for _, p in sorted(zip(seeds, players, strict=True))]


def test_staff_may_start_any_tournament(make_tournament, make_player, staff, now):
    tournament, _ = _entered(make_tournament, make_player, now, 2)
    services.start(tournament=tournament, by=staff, now=now)
    tournament.refresh_from_db()
    assert tournament.status == TournamentStatus.LIVE


def test_starting_before_check_in_opens_is_refused(make_tournament, make_player, now):
    tournament, _ = _entered(make_tournament, make_player, now, 2, check_in_minutes=30)
    with pytest.raises(WrongState):
        services.start(tournament=tournament, by=tournament.organizer, now=now)


def test_checking_in_twice_keeps_the_first_time(make_tournament, make_player, now):
    tournament, (ana, _) = _entered(make_tournament, make_player, now, 2, check_in_minutes=30)
    first = tournament.check_in_opens_at
    services.check_in(tournament=tournament, player=ana, now=first)
    entry = services.check_in(tournament=tournament, player=ana, now=first + timedelta(minutes=5))
    assert entry.checked_in_at == first


def test_pause_and_resume(make_tournament, make_player, now):
    tournament, _ = _entered(make_tournament, make_player, now, 2)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    assert services.pause(tournament=tournament, by=tournament.organizer).status == TournamentStatus.PAUSED
    with pytest.raises(WrongState):
        services.pause(tournament=tournament, by=tournament.organizer)
    with pytest.raises(WrongState):
        services.finalize(tournament=tournament, by=tournament.organizer)
    assert services.resume(tournament=tournament, by=tournament.organizer).status == TournamentStatus.LIVE
    with pytest.raises(WrongState):
        services.resume(tournament=tournament, by=tournament.organizer)
