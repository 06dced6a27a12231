"""The bracket's rows and their results: a tournament's matches from the engine, reports, disputes,
settlements and corrections, forfeits, and moving players on.

A match's players come from its sources (a seed, or the winner/loser of another match, by code), so
advancing a player is writing them into every match that names the finished one, and a correction
reopens exactly the matches that depend on the changed one (dependents.dependents).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.restrictions.desk import Op, announce
from apps.tournaments import brackets, events, rules, swiss
from apps.tournaments.best_of import games_winner
from apps.tournaments.dependents import dependents
from apps.tournaments.desk import DISPUTES
from apps.tournaments.domain_events import MATCH_READY
from apps.tournaments.errors import TournamentInvalid
from apps.tournaments.models import (
    Bracket,
    Decision,
    Entry,
    EntryStatus,
    Format,
    Match,
    MatchEvent,
    MatchEventKind,
    MatchReport,
    MatchStatus,
    Outcome,
    Tournament,
)
from apps.tournaments.selectors.brackets import match_results

FINAL_ROUND_NAMES = ("Final", "Grand Final", "Grand Final Reset")
OPEN_STATUSES = (MatchStatus.READY, MatchStatus.LIVE, MatchStatus.DISPUTED)


# --- The bracket's rows -------------------------------------------------------------------------
def _engine_matches(tournament: Tournament, players: int) -> list[brackets.Match]:
    if tournament.format == Format.SINGLE_ELIMINATION:
        return brackets.single_elimination(players, third_place=tournament.third_place)
    if tournament.format == Format.DOUBLE_ELIMINATION:
        return brackets.double_elimination(players, grand_final=tournament.grand_final)
    if tournament.groups > 1:
        return brackets.round_robin_groups(players, tournament.groups)
    return brackets.round_robin(players)


def _row(tournament: Tournament, match: brackets.Match, players: list) -> Match:
    first, second = match.slots
    final = match.round_name in FINAL_ROUND_NAMES
    return Match(
        tournament=tournament,
        code=match.id,
        bracket=match.bracket,
        group=match.group or 0,
        round=match.round,
        number=match.number,
        round_name=match.round_name,
        best_of=tournament.final_best_of if final else tournament.best_of,
        seed1=first.seed,
        seed2=second.seed,
        source1=first.source or "",
        source2=second.source or "",
        outcome1=first.outcome or "",
        outcome2=second.outcome or "",
        conditional=match.conditional,
        player1=players[first.seed - 1] if first.seed else None,
        player2=players[second.seed - 1] if second.seed else None,
    )


def bracket_create(*, tournament: Tournament, players: list) -> list[Match]:
    """Write the tournament's matches for `players` in seed order (a Swiss: its first round)."""
    if tournament.format == Format.SWISS:
        rows = _swiss_round_create(tournament, players, 1)
    else:
        engine = _engine_matches(tournament, len(players))
        rows = Match.objects.bulk_create([_row(tournament, m, players) for m in engine])
        # A round robin's matches are all ready at once: its players see them on the page, unannounced.
        announce = tournament.format != Format.ROUND_ROBIN
        _make_ready([m for m in rows if m.player1_id and m.player2_id], announce=announce)
    _changed(tournament, rows)
    return rows


def _swiss_round_create(tournament: Tournament, players: list, round_number: int) -> list[Match]:
    """Pair a Swiss round from the results so far; the bye is recorded as a won match of its own."""
    pairing = swiss.swiss_round(len(players), round_number, match_results(tournament))
    rows = [_row(tournament, m, players) for m in pairing.matches]
    if pairing.bye is not None:
        rows.append(_bye_row(tournament, players, round_number, pairing.bye, number=len(rows) + 1))
    rows = Match.objects.bulk_create(rows)
    _make_ready([m for m in rows if m.status != MatchStatus.DONE])
    return rows


def _bye_row(tournament: Tournament, players: list, round_number: int, seed: int, *, number: int) -> Match:
    player = players[seed - 1]
    return Match(
        tournament=tournament,
        code=f"S{round_number}-BYE",
        bracket=Bracket.SWISS,
        round=round_number,
        number=number,
        round_name=f"Round {round_number}",
        best_of=tournament.best_of,
        seed1=seed,
        player1=player,
        winner=player,
        status=MatchStatus.DONE,
        completed_at=timezone.now(),
    )


def _make_ready(matches: list[Match], *, announce: bool = True) -> None:
    if not matches:
        return
    Match.objects.filter(pk__in=[m.pk for m in matches]).update(status=MatchStatus.READY)
    MatchEvent.objects.bulk_create([MatchEvent(match=m, kind=MatchEventKind.READY) for m in matches])
    for match in matches:
        match.status = MatchStatus.READY
        if announce:
            MATCH_READY.publish(match_id=match.pk)


def _changed(tournament: Tournament | None, matches: list[Match]) -> None:
    """Every bracket change moves the version the page and the frames carry, and is sent after commit."""
    if tournament is None:
        return
    Tournament.objects.filter(pk=tournament.pk).update(version=F("version") + 1)
    tournament.refresh_from_db(fields=["version"])
    events.bracket_changed(tournament, match_ids=sorted({m.pk for m in matches}))


# --- Moving players on ----------------------------------------------------------------------------
def _takers(match: Match) -> list[Match]:
    """The matches that take this match's winner or loser, locked."""
    return list(
        Match.objects.select_for_update()
        .filter(Q(source1=match.code) | Q(source2=match.code), tournament_id=match.tournament_id)
        .order_by("pk")
    )


def _advance(match: Match) -> list[Match]:
    """Put a decided match's winner and loser where its sources send them; returns the matches changed."""
    changed = []
    for target in _takers(match):
        if target.conditional and not brackets.needs_reset(_final_winner_from(match)):
            target.status = MatchStatus.VOID
            target.save(update_fields=["status"])
            changed.append(target)
            continue
        for side in (1, 2):
            if getattr(target, f"source{side}") == match.code:
                taken = match.winner if getattr(target, f"outcome{side}") == Outcome.WINNER else match.loser
                setattr(target, f"player{side}", taken)
        if target.player1_id and target.player2_id and target.status in (MatchStatus.WAITING, MatchStatus.VOID):
            target.status = MatchStatus.READY
            MatchEvent.objects.create(match=target, kind=MatchEventKind.READY)
            MATCH_READY.publish(match_id=target.pk)
        target.save(update_fields=["player1", "player2", "status"])
        changed.append(target)
        changed += _forfeit_if_disqualified(target)
    return changed


def _final_winner_from(grand_final: Match) -> str:
    """The first grand final's player 1 is the winners' bracket champion."""
    return "winners" if grand_final.winner_id == grand_final.player1_id else "losers"


def _forfeit_if_disqualified(match: Match) -> list[Match]:
    """A disqualified player's later matches go to their opponent as soon as the opponent is known."""
    if match.status != MatchStatus.READY or match.tournament_id is None:
        return []
    out = set(
        Entry.objects.filter(
            tournament_id=match.tournament_id, disqualified=True, player_id__in=match.players
        ).values_list("player_id", flat=True)
    )
    if not out:
        return []
    loser_id = match.player1_id if match.player1_id in out else match.player2_id
    winner = match.player2 if loser_id == match.player1_id else match.player1
    return _decide(match, winner=winner, games=[], decision=Decision.DISQUALIFIED, actor=None, reason="Disqualified")


def _decide(match: Match, *, winner, games: list, decision: str, actor, reason: str) -> list[Match]:
    """Record a match's result and its history, rate it, and move its players on."""
    if match.status == MatchStatus.DISPUTED:
        announce(DISPUTES, match.pk, Op.REMOVE)
    match.winner = winner
    match.loser = match.player2 if winner.pk == match.player1_id else match.player1
    match.games = games
    match.decision = decision
    match.status = MatchStatus.DONE
    match.completed_at = timezone.now()
    match.report_deadline = None
    match.result_version += 1
    match.save()
    MatchEvent.objects.create(
        match=match,
        kind=MatchEventKind.COMPLETED,
        actor=actor,
        reason=reason,
        detail={"winner": winner.pk, "games": games, "decision": decision},
    )
    _on_result(match)
    changed = [match, *_advance(match)]
    if match.bracket == Bracket.SWISS:
        changed += _next_swiss_round_if_due(match.tournament, match.round)
    return changed


def _on_result(match: Match) -> None:
    from apps.tournaments.services import challenges, ratings

    ratings.rating_apply(match=match)
    if match.tournament_id is None:
        challenges.challenge_match_completed(match=match)


def _next_swiss_round_if_due(tournament: Tournament, round_number: int) -> list[Match]:
    if round_number >= tournament.swiss_rounds or tournament.matches.filter(round__gt=round_number).exists():
        return []
    if tournament.matches.filter(round=round_number).exclude(status=MatchStatus.DONE).exists():
        return []
    seeded = Entry.objects.filter(tournament=tournament, status=EntryStatus.REGISTERED, seed__isnull=False)
    players = [entry.player for entry in seeded.select_related("player").order_by("seed")]
    return _swiss_round_create(tournament, players, round_number + 1)


# --- Reports, disputes and settlements -------------------------------------------------------------
def _locked(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("tournament", "player1", "player2")
        .get(pk=match.pk)
    )


def _as_player1(match: Match, player_id: int, games: list) -> list[list[int]]:
    """Scores as player 1 sees them, from `player_id`'s side."""
    return [list(game) if player_id == match.player1_id else [game[1], game[0]] for game in games]


def _checked_games(match: Match, games) -> list[list[int]]:
    try:
        games_winner(games, match.best_of)
    except ValueError as error:
        raise TournamentInvalid(str(error), field="games") from error
    return [[int(a), int(b)] for a, b in games]


@transaction.atomic
def match_report(*, match: Match, reporter, games: list, now=None) -> Match:
    """A player's account of the games, scores from their side. Two that agree decide the match; two that
    differ send it to the organizer; one alone starts the other's clock."""
    now = now or timezone.now()
    match = _locked(match)
    if problem := rules.report_problem(match, reporter):
        raise problem
    games = _as_player1(match, reporter.pk, _checked_games(match, games))
    MatchReport.objects.filter(match=match, reporter=reporter, current=True).update(current=False)
    MatchReport.objects.create(match=match, reporter=reporter, games=games)
    MatchEvent.objects.create(match=match, kind=MatchEventKind.REPORTED, actor=reporter, detail={"games": games})
    other = match.reports.filter(current=True).exclude(reporter=reporter).first()
    if other is None:
        match.status = MatchStatus.LIVE
        match.report_deadline = now + timedelta(minutes=_report_timeout(match))
        match.save(update_fields=["status", "report_deadline"])
        _changed(match.tournament, [match])
    elif other.games == games:
        winner = match.player1 if games_winner(games, match.best_of) == 0 else match.player2
        _changed(
            match.tournament,
            _decide(match, winner=winner, games=games, decision=Decision.AGREED, actor=None, reason=""),
        )
    else:
        _dispute(match, reason="The players' reports differ.")
    return match


def _report_timeout(match: Match) -> int:
    return match.tournament.report_timeout_minutes if match.tournament_id else 15


def _dispute(match: Match, *, reason: str) -> None:
    match.status = MatchStatus.DISPUTED
    match.report_deadline = None
    match.save(update_fields=["status", "report_deadline"])
    MatchEvent.objects.create(match=match, kind=MatchEventKind.DISPUTED, reason=reason)
    announce(DISPUTES, match.pk, Op.ADD)
    _changed(match.tournament, [match])


def reports_expire_overdue(*, now=None) -> int:
    """Matches whose second report is overdue go to the organizer's queue."""
    now = now or timezone.now()
    overdue = Match.objects.filter(status=MatchStatus.LIVE, report_deadline__lte=now).values_list("pk", flat=True)
    count = 0
    for match_id in overdue[:500]:
        with transaction.atomic():
            match = Match.objects.select_for_update(of=("self",)).select_related("tournament").get(pk=match_id)
            if match.status == MatchStatus.LIVE and match.report_deadline and match.report_deadline <= now:
                _dispute(match, reason="The other player did not report in time.")
                count += 1
    return count


@transaction.atomic
def match_settle(*, match: Match, by, winner_id: int, games: list, reason: str) -> Match:
    """The organizer (or a moderator) decides a match, or corrects a decided one: a correction that
    changes who won reopens exactly the matches that depend on it; every change stays in the history.
    The games may be left out when only the winner is known (the stream shows who won, not the scores)."""
    match = _locked(match)
    if problem := rules.settle_problem(match, by, winner_id=winner_id, reason=reason):
        raise problem
    games = _checked_games(match, games) if games else []
    winner = match.player1 if winner_id == match.player1_id else match.player2
    if games and (games_winner(games, match.best_of) == 0) != (winner.pk == match.player1_id):
        raise TournamentInvalid("The games do not add up to that winner.", field="games")
    correcting = match.status == MatchStatus.DONE
    changed = _reopen_dependants(match, by=by, reason=reason) if correcting and winner.pk != match.winner_id else []
    match.reports.filter(current=True).update(current=False)
    decision = Decision.CORRECTED if correcting else Decision.SETTLED
    kind = MatchEventKind.CORRECTED if correcting else MatchEventKind.SETTLED
    MatchEvent.objects.create(
        match=match, kind=kind, actor=by, reason=reason, detail={"winner": winner.pk, "games": games}
    )
    changed += _decide(match, winner=winner, games=games, decision=decision, actor=by, reason=reason)
    _changed(match.tournament, changed)
    return match


def _reopen_dependants(match: Match, *, by, reason: str) -> list[Match]:
    """Clear every match downstream of `match` back to waiting, keeping their history."""
    rows = list(Match.objects.select_for_update().filter(tournament_id=match.tournament_id).order_by("pk"))
    reached = set(dependents([_as_engine(row) for row in rows], match.code))
    cleared_sources = reached | {match.code}
    reopened = []
    for row in rows:
        if row.code not in reached:
            continue
        was_decided = row.status == MatchStatus.DONE
        for side in (1, 2):
            if getattr(row, f"source{side}") in cleared_sources:
                setattr(row, f"player{side}", None)
        row.winner = row.loser = None
        row.games, row.decision, row.completed_at, row.report_deadline = [], "", None, None
        row.status = MatchStatus.WAITING
        if was_decided:
            row.result_version += 1
        row.save()
        row.reports.filter(current=True).update(current=False)
        MatchEvent.objects.create(
            match=row, kind=MatchEventKind.REOPENED, actor=by, reason=reason, detail={"because_of": match.code}
        )
        if was_decided:
            _on_result(row)
        reopened.append(row)
    return reopened


def _as_engine(row: Match) -> brackets.Match:
    slots = (
        brackets.Slot(seed=row.seed1, source=row.source1 or None, outcome=row.outcome1 or None),
        brackets.Slot(seed=row.seed2, source=row.source2 or None, outcome=row.outcome2 or None),
    )
    return brackets.Match(row.code, row.bracket, row.round, row.number, row.round_name, slots, row.conditional)


# --- Forfeits, disqualification, streams -----------------------------------------------------------
@transaction.atomic
def match_forfeit(*, match: Match, by, player_id: int, reason: str) -> Match:
    """The organizer records that `player_id` forfeits this match: the opponent advances."""
    match = _locked(match)
    if problem := rules.forfeit_problem(match, by, player_id=player_id, reason=reason):
        raise problem
    winner = match.player2 if player_id == match.player1_id else match.player1
    MatchEvent.objects.create(
        match=match, kind=MatchEventKind.FORFEITED, actor=by, reason=reason, detail={"player": player_id}
    )
    match.reports.filter(current=True).update(current=False)
    _changed(
        match.tournament, _decide(match, winner=winner, games=[], decision=Decision.FORFEIT, actor=by, reason=reason)
    )
    return match


@transaction.atomic
def player_disqualify(*, tournament: Tournament, by, player, reason: str) -> Entry:
    """Disqualify a player: their open match and every later one go to their opponents."""
    tournament = Tournament.objects.select_for_update().get(pk=tournament.pk)
    entry = (
        Entry.objects.select_for_update()
        .filter(tournament=tournament, player=player, status=EntryStatus.REGISTERED)
        .first()
    )
    if problem := rules.disqualify_problem(tournament, by, entry=entry, reason=reason):
        raise problem
    entry.disqualified = True
    entry.save(update_fields=["disqualified", "updated_at"])
    changed = []
    open_matches = tournament.matches.filter(Q(player1=player) | Q(player2=player), status__in=OPEN_STATUSES)
    for match in open_matches.select_for_update(of=("self",)).select_related("player1", "player2", "tournament"):
        MatchEvent.objects.create(
            match=match, kind=MatchEventKind.DISQUALIFIED, actor=by, reason=reason, detail={"player": player.pk}
        )
        match.reports.filter(current=True).update(current=False)
        winner = match.player2 if player.pk == match.player1_id else match.player1
        changed += _decide(match, winner=winner, games=[], decision=Decision.DISQUALIFIED, actor=by, reason=reason)
    _changed(tournament, changed)
    events.entry_changed(tournament, player=player, joined=False, reason="disqualified")
    return entry


@transaction.atomic
def match_attach_stream(*, match: Match, by, stream) -> Match:
    """A player shows their live stream as the match's court: spectators get "Watch live"."""
    match = _locked(match)
    if problem := rules.attach_stream_problem(match, by, stream=stream):
        raise problem
    match.stream = stream
    match.save(update_fields=["stream"])
    MatchEvent.objects.create(
        match=match, kind=MatchEventKind.STREAM_ATTACHED, actor=by, detail={"stream": str(stream.pk)}
    )
    _changed(match.tournament, [match])
    return match
