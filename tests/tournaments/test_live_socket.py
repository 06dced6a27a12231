"""`/ws/tournaments/<id>/` through the real ASGI application: the welcome, FULL to players and SUMMARY
to spectators after a match change, nothing after a rollback, an unknown tournament refused."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from apps.realtime.broadcast import recheck_members
from apps.realtime.hub import get_hub
from apps.tournaments.events import players_group, spectators_group
from apps.tournaments.models import Entry, EntryStatus
from tests.factories import UserFactory
from tests.realtime.sockets import FRAME_TIMEOUT_SECONDS, frames_until, open_socket
from tests.tournaments.live_fixtures import complete_match, live_tournament

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_sockets")]


def _path(tournament_id) -> str:
    return f"/ws/tournaments/{tournament_id}/"


async def _watch(tournament, user=None):
    socket, connected, _ = await open_socket(_path(tournament.pk), user)
    assert connected
    welcome = await frames_until(socket, "ES")
    return socket, welcome


async def _bracket_updates(socket, count: int) -> list[dict]:
    """The next `count` BU payloads (frames that go out together come in one batch)."""
    updates = []
    while len(updates) < count:
        updates += [frame["d"] for frame in await frames_until(socket, "BU") if frame["t"] == "BU"]
    assert len(updates) == count
    return updates


def _all_match_ids(tournament) -> list[int]:
    return sorted(tournament.matches.values_list("pk", flat=True))


async def test_anyone_is_welcomed_with_the_whole_bracket_and_the_status():
    tournament, entrants, _ = await sync_to_async(live_tournament)()
    _, welcome = await _watch(tournament)  # signed out
    assert [frame["t"] for frame in welcome] == ["BU", "ES"]
    bracket, status = welcome[0]["d"], welcome[1]["d"]
    assert bracket["full"] is True
    assert bracket["v"] == 1  # the bracket's creation
    assert sorted(match["id"] for match in bracket["matches"]) == await sync_to_async(_all_match_ids)(tournament)
    assert sorted(bracket["players"]) == sorted(str(player.pk) for player in entrants)
    assert status["s"] == "live"
    assert status["started"] == int(tournament.started_at.timestamp() * 1000)


async def test_a_match_result_reaches_players_in_full_and_spectators_in_summary():
    tournament, entrants, matches = await sync_to_async(live_tournament)()
    all_ids = await sync_to_async(_all_match_ids)(tournament)
    player_socket, _ = await _watch(tournament, entrants[0])
    organizer_socket, _ = await _watch(tournament, tournament.organizer)
    spectator_socket, _ = await _watch(tournament, await sync_to_async(UserFactory)())
    anonymous_socket, _ = await _watch(tournament)

    await sync_to_async(complete_match)(matches[1])  # two reports: the match goes live, then is decided

    for socket in (player_socket, organizer_socket):
        live, done = await _bracket_updates(socket, 2)
        assert (live["v"], done["v"]) == (2, 3)
        assert live["full"] is done["full"] is True
        assert sorted(match["id"] for match in done["matches"]) == all_ids
        assert len(done["players"]) == len(entrants)
    final = next(match_id for match_id in all_ids if match_id not in {m.pk for m in matches})
    for socket in (spectator_socket, anonymous_socket):
        live, done = await _bracket_updates(socket, 2)
        assert "full" not in live
        assert "full" not in done
        assert [(m["id"], m["status"]) for m in live["matches"]] == [(matches[1].pk, "live")]
        # The result, and the final its winner moved on to.
        assert [(m["id"], m["status"], m["winner"]) for m in done["matches"]] == [
            (matches[1].pk, "done", matches[1].player1_id),
            (final, "waiting", None),
        ]
        assert sorted(done["players"]) == sorted(str(player) for player in matches[1].players)
        assert done["standings"] == []


class ServiceFailed(Exception):
    pass


def _change_then_fail(match) -> None:
    with transaction.atomic():
        complete_match(match)
        raise ServiceFailed


def _complete_then_roll_back(match) -> None:
    with pytest.raises(ServiceFailed):
        _change_then_fail(match)


async def test_nothing_is_sent_when_the_transaction_rolls_back():
    tournament, _, matches = await sync_to_async(live_tournament)()
    spectator_socket, _ = await _watch(tournament)

    await sync_to_async(_complete_then_roll_back)(matches[0])
    await sync_to_async(complete_match)(matches[1])

    # The frames after the rollback are the committed changes': the rolled-back ones never left.
    live, done = await _bracket_updates(spectator_socket, 2)
    assert (live["v"], done["v"]) == (2, 3)
    assert [match["id"] for match in live["matches"]] == [matches[1].pk]
    assert matches[0].pk not in {match["id"] for match in done["matches"]}


def _two_results_in_one_transaction(matches) -> None:
    with transaction.atomic():
        complete_match(matches[0])
        complete_match(matches[1])


async def test_the_changes_of_one_transaction_make_one_update():
    tournament, _, matches = await sync_to_async(live_tournament)(players=8)
    spectator_socket, _ = await _watch(tournament)

    await sync_to_async(_two_results_in_one_transaction)(matches)
    await sync_to_async(complete_match)(matches[2])

    together, live, _ = await _bracket_updates(spectator_socket, 3)
    assert together["v"] == 5  # four reports after the bracket's creation
    changed = {match["id"]: match["status"] for match in together["matches"]}
    assert (changed[matches[0].pk], changed[matches[1].pk]) == ("done", "done")
    assert len(changed) == 3  # and the semifinal both winners moved on to
    assert (live["v"], [match["id"] for match in live["matches"]]) == (6, [matches[2].pk])


async def test_an_unknown_tournament_is_refused_with_the_reason():
    socket, connected, _ = await open_socket(_path(999_999))
    assert connected
    error = await socket.receive_json_from()
    assert (error["t"], error["d"]) == ("ER", {"code": "tournament_not_found", "detail": "No such tournament."})
    assert await socket.receive_output() == {"type": "websocket.close", "code": 4404}


async def _until(condition) -> None:
    """Wait for the socket's recheck, which runs on its own task, to have done `condition`."""
    async with asyncio.timeout(FRAME_TIMEOUT_SECONDS):
        while not condition():  # noqa: ASYNC110 (the hub signals no arrival: look again each turn)
            await asyncio.sleep(0.01)


def _enter_and_recheck(tournament, user) -> None:
    with transaction.atomic():
        Entry.objects.create(tournament=tournament, player=user, paid_by=user, status=EntryStatus.REGISTERED)
        recheck_members(spectators_group(tournament.pk))


async def test_a_recheck_moves_a_socket_whose_user_registered_to_the_players():
    tournament, _, matches = await sync_to_async(live_tournament)()
    newcomer = await sync_to_async(UserFactory)()
    socket, _ = await _watch(tournament, newcomer)
    hub = get_hub()
    assert hub.local_members(spectators_group(tournament.pk)) == 1

    await sync_to_async(_enter_and_recheck)(tournament, newcomer)
    await _until(lambda: hub.local_members(players_group(tournament.pk)) == 1)
    assert hub.local_members(spectators_group(tournament.pk)) == 0

    await sync_to_async(complete_match)(matches[0])

    live, done = await _bracket_updates(socket, 2)
    assert live["full"] is done["full"] is True
