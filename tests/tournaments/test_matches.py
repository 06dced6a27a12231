"""Playing a tournament through the matches service: reports that agree advance the winner, reports
that differ (or one that waits too long) go to the organizer, corrections reopen exactly the matches
that depend on them, forfeits and disqualifications advance the opponent, Swiss rounds pair
themselves, and the final places come out of the bracket."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.tournaments.errors import NotAllowed, TournamentInvalid, WrongState
from apps.tournaments.models import (
    Decision,
    Format,
    GrandFinal,
    Match,
    MatchEventKind,
    MatchStatus,
    TournamentStatus,
)
from apps.tournaments.selectors.brackets import bracket_state, final_places
from apps.tournaments.services import matches as svc
from apps.tournaments.sockets import welcome_payload
from apps.tournaments.tasks import expire_overdue_reports_task
from tests.streaming.factories import StreamFactory
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db


def match(tournament, code) -> Match:
    return tournament.matches.get(code=code)


def win(tournament, code, *, by_first=True, games=((11, 5),)):
    """Both players report the same result; `by_first` says whether player 1 wins."""
    m = match(tournament, code)
    winner, loser = (m.player1, m.player2) if by_first else (m.player2, m.player1)
    svc.match_report(match=m, reporter=winner, games=[list(g) for g in games])
    svc.match_report(match=m, reporter=loser, games=[[b, a] for a, b in games])
    return match(tournament, code)


def statuses(tournament) -> dict[str, str]:
    return dict(tournament.matches.values_list("code", "status"))


def test_agreeing_reports_complete_the_match_and_advance_the_winner():
    tournament, (s1, _s2, s3, s4) = live_tournament(4)
    assert statuses(tournament) == {"W1-M1": "ready", "W1-M2": "ready", "W2-M1": "waiting"}
    first = match(tournament, "W1-M1")
    assert {first.player1, first.player2} == {s1, s4}

    svc.match_report(match=first, reporter=s4, games=[[3, 11]])
    first.refresh_from_db()
    assert first.status == MatchStatus.LIVE
    assert first.report_deadline is not None

    svc.match_report(match=first, reporter=s1, games=[[11, 3]])
    done = match(tournament, "W1-M1")
    assert (done.status, done.winner, done.decision) == (MatchStatus.DONE, s1, Decision.AGREED)
    assert match(tournament, "W2-M1").player1 == s1
    assert match(tournament, "W2-M1").status == MatchStatus.WAITING
    win(tournament, "W1-M2", by_first=False)
    final = match(tournament, "W2-M1")
    assert (final.player1, final.player2, final.status) == (s1, s3, MatchStatus.READY)


def test_reports_that_differ_go_to_the_organizer_who_settles():
    tournament, (s1, s2, _s3, s4) = live_tournament(4)
    first = match(tournament, "W1-M1")
    svc.match_report(match=first, reporter=s1, games=[[11, 5]])
    svc.match_report(match=first, reporter=s4, games=[[11, 5]])  # each says they won
    first.refresh_from_db()
    assert first.status == MatchStatus.DISPUTED

    with pytest.raises(WrongState):
        svc.match_report(match=first, reporter=s1, games=[[11, 5]])
    with pytest.raises(NotAllowed):
        svc.match_settle(match=first, by=s2, winner_id=s4.pk, games=[[5, 11]], reason="I saw it")

    svc.match_settle(
        match=first, by=tournament.organizer, winner_id=s4.pk, games=[[5, 11]], reason="The stream shows it"
    )
    first.refresh_from_db()
    assert (first.winner, first.decision, first.games) == (s4, Decision.SETTLED, [[5, 11]])
    kinds = list(first.history.values_list("kind", flat=True))
    assert kinds[-4:] == [
        MatchEventKind.REPORTED,
        MatchEventKind.DISPUTED,
        MatchEventKind.SETTLED,
        MatchEventKind.COMPLETED,
    ]


def test_an_overdue_second_report_sends_the_match_to_the_organizer():
    tournament, (s1, *_rest, _s4) = live_tournament(4, report_timeout_minutes=15)
    first = match(tournament, "W1-M1")
    now = timezone.now()
    svc.match_report(match=first, reporter=s1, games=[[11, 2]], now=now)
    assert svc.reports_expire_overdue(now=now + timedelta(minutes=14)) == 0
    assert svc.reports_expire_overdue(now=now + timedelta(minutes=15)) == 1
    first.refresh_from_db()
    assert first.status == MatchStatus.DISPUTED
    assert first.history.last().reason == "The other player did not report in time."


@pytest.mark.parametrize(
    ("games", "detail"),
    [
        ([[11, 5], [5, 11]], "best-of-3"),
        ([[11, 5], [11, 5], [11, 5]], "after"),
        ([[11, 11]], "tied"),
        ([[-1, 5]], ""),
        ([], ""),
    ],
)
def test_scores_that_make_no_best_of_winner_are_refused(games, detail):
    tournament, (s1, *_rest, _s4) = live_tournament(4, best_of=3)
    first = match(tournament, "W1-M1")
    with pytest.raises(TournamentInvalid) as refused:
        svc.match_report(match=first, reporter=s1, games=games)
    assert refused.value.field == "games"
    assert detail in str(refused.value)
    assert not first.reports.exists()


def test_who_may_report_and_when():
    tournament, (s1, s2, _s3, _s4) = live_tournament(4)
    with pytest.raises(NotAllowed):
        svc.match_report(match=match(tournament, "W1-M1"), reporter=s2, games=[[11, 5]])
    with pytest.raises(WrongState, match="not ready"):
        svc.match_report(match=match(tournament, "W2-M1"), reporter=s1, games=[[11, 5]])
    win(tournament, "W1-M1")
    with pytest.raises(WrongState, match="over"):
        svc.match_report(match=match(tournament, "W1-M1"), reporter=s1, games=[[11, 5]])
    tournament.status = TournamentStatus.PAUSED
    tournament.save()
    with pytest.raises(WrongState, match="paused"):
        svc.match_report(match=match(tournament, "W1-M2"), reporter=s2, games=[[11, 5]])


def test_a_correction_reopens_exactly_the_matches_that_depend_on_it():
    tournament, _players = live_tournament(8, format=Format.DOUBLE_ELIMINATION, grand_final=GrandFinal.RESET)
    for code in ("W1-M1", "W1-M2", "W1-M3", "W1-M4", "W2-M1", "W2-M2", "L1-M1", "L1-M2"):
        win(tournament, code)
    before = {m.code: (m.player1_id, m.player2_id, m.status) for m in tournament.matches.all()}
    changed = match(tournament, "W1-M1")
    old_winner, old_loser = changed.winner, changed.loser

    svc.match_settle(
        match=changed, by=tournament.organizer, winner_id=old_loser.pk, games=[[5, 11]], reason="Wrong score"
    )

    after = {m.code: (m.player1_id, m.player2_id, m.status) for m in tournament.matches.all()}
    moved = {code for code in before if before[code] != after[code]} - {"W1-M1"}
    # W1-M1's winner went to W2-M1 and its loser to L1-M1; everything downstream of those reopens.
    assert {"W2-M1", "L1-M1"} <= moved
    assert after["W2-M1"][2] == MatchStatus.READY
    assert old_loser.pk in after["W2-M1"][:2]
    assert after["L1-M1"][2] == MatchStatus.READY
    assert old_winner.pk in after["L1-M1"][:2]
    untouched = {"W1-M2", "W1-M3", "W1-M4", "W2-M2", "L1-M2"}
    assert all(before[code] == after[code] for code in untouched)
    reopened = match(tournament, "W2-M1")
    assert reopened.winner is None
    assert reopened.games == []
    assert reopened.history.filter(kind=MatchEventKind.REOPENED).exists()
    assert match(tournament, "W1-M1").decision == Decision.CORRECTED


def test_a_correction_that_keeps_the_winner_reopens_nothing():
    tournament, players = live_tournament(4)
    win(tournament, "W1-M1")
    win(tournament, "W1-M2")
    svc.match_report(match=match(tournament, "W2-M1"), reporter=players[0], games=[[11, 9]])
    first = match(tournament, "W1-M1")
    svc.match_settle(match=first, by=tournament.organizer, winner_id=first.winner_id, games=[[11, 9]], reason="Typo")
    final = match(tournament, "W2-M1")
    assert final.status == MatchStatus.LIVE
    assert final.reports.filter(current=True).count() == 1


def play_grand_final(losers_champion_wins: bool):
    tournament, _players = live_tournament(4, format=Format.DOUBLE_ELIMINATION, grand_final=GrandFinal.RESET)
    for code in ("W1-M1", "W1-M2", "W2-M1", "L1-M1", "L2-M1"):
        win(tournament, code)
    win(tournament, "G1-M1", by_first=not losers_champion_wins)
    return tournament


def test_the_reset_is_played_only_when_the_losers_champion_wins_the_grand_final():
    kept = play_grand_final(losers_champion_wins=False)
    assert match(kept, "G2-M1").status == MatchStatus.VOID
    assert "G2-M1" not in {m["code"] for m in bracket_state(kept)["matches"]}

    reset = play_grand_final(losers_champion_wins=True)
    g2 = match(reset, "G2-M1")
    assert g2.status == MatchStatus.READY
    assert "G2-M1" in {m["code"] for m in bracket_state(reset)["matches"]}
    win(reset, "G2-M1", by_first=False)
    places = dict(final_places(reset))
    assert places[match(reset, "G2-M1").winner_id] == 1
    assert places[match(reset, "G2-M1").loser_id] == 2
    assert places[match(reset, "L2-M1").loser_id] == 3
    assert places[match(reset, "L1-M1").loser_id] == 4


def test_single_elimination_places_with_a_third_place_match_and_shared_places_without():
    tournament, _players = live_tournament(8, third_place=True)
    for code in ("W1-M1", "W1-M2", "W1-M3", "W1-M4", "W2-M1", "W2-M2", "W3-M1", "T1-M1"):
        win(tournament, code)
    places = dict(final_places(tournament))
    assert places[match(tournament, "W3-M1").winner_id] == 1
    assert places[match(tournament, "W3-M1").loser_id] == 2
    assert places[match(tournament, "T1-M1").winner_id] == 3
    assert places[match(tournament, "T1-M1").loser_id] == 4
    assert sorted(places.values()) == [1, 2, 3, 4, 5, 5, 5, 5]


def test_a_forfeit_advances_the_opponent():
    tournament, (s1, _s2, _s3, s4) = live_tournament(4)
    svc.match_forfeit(match=match(tournament, "W1-M1"), by=tournament.organizer, player_id=s1.pk, reason="No show")
    first = match(tournament, "W1-M1")
    assert (first.winner, first.decision) == (s4, Decision.FORFEIT)
    assert match(tournament, "W2-M1").player1 == s4


def test_a_disqualified_player_loses_their_open_match_and_every_later_one():
    tournament, players = live_tournament(4, format=Format.DOUBLE_ELIMINATION, grand_final=GrandFinal.SINGLE)
    s1 = players[0]
    svc.player_disqualify(tournament=tournament, by=tournament.organizer, player=s1, reason="Unsporting")
    first = match(tournament, "W1-M1")
    assert first.loser == s1
    assert first.decision == Decision.DISQUALIFIED
    win(tournament, "W1-M2")
    # Dropped into the losers' bracket, they forfeit there as soon as the opponent is known.
    losers_first = match(tournament, "L1-M1")
    assert losers_first.status == MatchStatus.DONE
    assert losers_first.loser == s1


def test_swiss_rounds_pair_themselves_with_one_bye_for_an_odd_field():
    tournament, _players = live_tournament(5, format=Format.SWISS, swiss_rounds=3)
    first_round = tournament.matches.filter(round=1)
    assert first_round.count() == 3  # two matches and a bye
    bye = first_round.get(code="S1-BYE")
    assert bye.status == MatchStatus.DONE
    assert bye.player2 is None
    for m in first_round.exclude(code="S1-BYE"):
        win(tournament, m.code)
    assert tournament.matches.filter(round=2).count() == 3
    table = bracket_state(tournament)["standings"]
    assert [row["points"] for row in table][:1] == [1]
    assert {"buchholz", "wins", "losses"} <= set(table[0])


def test_round_robin_groups_each_play_their_own_table():
    tournament, _players = live_tournament(8, format=Format.ROUND_ROBIN, groups=2)
    assert tournament.matches.count() == 2 * 6
    for m in tournament.matches.all():
        win(tournament, m.code)
    table = bracket_state(tournament)["standings"]
    assert {row["group"] for row in table} == {1, 2}
    group_a = [row for row in table if row["group"] == 1]
    assert len(group_a) == 4
    assert sum(row["wins"] for row in group_a) == 6
    assert [row["place"] for row in group_a] == [1, 2, 3, 4]
    assert len(final_places(tournament)) == 8


def test_the_bracket_state_names_hints_and_links():
    tournament, players = live_tournament(4, format=Format.DOUBLE_ELIMINATION, grand_final=GrandFinal.RESET)
    state = bracket_state(tournament)
    by_code = {m["code"]: m for m in state["matches"]}
    assert by_code["L1-M1"]["hints"] == ["Loser of W1-M1", "Loser of W1-M2"]
    assert by_code["W1-M1"]["next_match"] == by_code["W2-M1"]["id"]
    assert by_code["W1-M1"]["loser_next"] == by_code["L1-M1"]["id"]
    assert [stage["key"] for stage in state["stages"]] == ["winners", "losers", "grand_final"]
    assert state["players"][str(players[0].pk)]["seed"] == 1
    assert state["players"][str(players[0].pk)]["rating"] == "1500? ± 700"


def test_attaching_a_stream_is_for_the_match_players_and_their_own_live_stream():
    tournament, (s1, s2, _s3, _s4) = live_tournament(4)
    first = match(tournament, "W1-M1")
    with pytest.raises(NotAllowed):
        svc.match_attach_stream(match=first, by=s1, stream=StreamFactory(creator=s2))
    svc.match_attach_stream(match=first, by=s1, stream=StreamFactory(creator=s1))
    assert bracket_state(tournament)["matches"][0]["stream"]["url"].startswith("/streams/")


def test_the_beat_task_sends_overdue_reports_to_the_organizer(settings):
    assert settings.CELERY_BEAT_SCHEDULE["tournaments-overdue-reports"]["task"] == expire_overdue_reports_task.name
    tournament, (s1, *_rest) = live_tournament(4)
    first = match(tournament, "W1-M1")
    svc.match_report(match=first, reporter=s1, games=[[11, 2]], now=timezone.now() - timedelta(minutes=16))
    assert expire_overdue_reports_task.delay().get() == 1
    assert match(tournament, "W1-M1").status == MatchStatus.DISPUTED


def test_the_welcome_reads_the_bracket_once_per_version_and_status(django_assert_num_queries):
    tournament, (s1, *_rest, _s4) = live_tournament(4)
    first = welcome_payload(tournament)
    with django_assert_num_queries(0):
        assert welcome_payload(tournament) is first
    svc.match_report(match=match(tournament, "W1-M1"), reporter=s1, games=[[11, 2]])
    tournament.refresh_from_db()
    changed = welcome_payload(tournament)
    assert changed["v"] == first["v"] + 1
    assert changed["matches"][0]["status"] == MatchStatus.LIVE
    tournament.status = TournamentStatus.PAUSED
    assert welcome_payload(tournament)["status"] == TournamentStatus.PAUSED
