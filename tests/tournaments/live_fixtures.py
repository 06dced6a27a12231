"""A small live tournament for the socket tests: rows written directly, as the bracket services
would leave them, so these tests need only the frames' own code."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.tournaments import events
from apps.tournaments.models import (
    Bracket,
    Entry,
    EntryStatus,
    Format,
    GameType,
    Match,
    MatchStatus,
    Tournament,
    TournamentStatus,
)
from tests.factories import UserFactory


def game_type(code: str = "1V1") -> GameType:
    return GameType.objects.get_or_create(code=code, defaults={"name": code})[0]


def live_tournament(players: int = 4) -> tuple[Tournament, list, list[Match]]:
    """A live single-elimination tournament of `players` (a power of two) with its first round ready."""
    organizer = UserFactory()
    tournament = Tournament.objects.create(
        name="Live cup",
        organizer=organizer,
        game_type=game_type(),
        format=Format.SINGLE_ELIMINATION,
        capacity=players,
        start_at=timezone.now() - timedelta(minutes=5),
        platform_cut_percent=10,
        status=TournamentStatus.LIVE,
        started_at=timezone.now(),
        version=1,
    )
    entrants = [UserFactory() for _ in range(players)]
    for seed, player in enumerate(entrants, 1):
        Entry.objects.create(tournament=tournament, player=player, paid_by=player, seed=seed)
    matches = [
        Match.objects.create(
            tournament=tournament,
            code=f"W1-M{n + 1}",
            bracket=Bracket.WINNERS,
            round=1,
            number=n + 1,
            round_name="Round 1",
            player1=entrants[2 * n],
            player2=entrants[2 * n + 1],
            status=MatchStatus.READY,
        )
        for n in range(players // 2)
    ]
    return tournament, entrants, matches


def complete_match(match: Match) -> None:
    """What a completed match leaves behind: its result, the tournament's next version, and the BU."""
    with transaction.atomic():
        Match.objects.filter(pk=match.pk).update(
            status=MatchStatus.DONE, games=[[21, 15]], winner=match.player1_id, loser=match.player2_id
        )
        Tournament.objects.filter(pk=match.tournament_id).update(version=F("version") + 1)
        events.bracket_changed(match.tournament, match_ids=[match.pk])


def register(tournament: Tournament, player) -> None:
    with transaction.atomic():
        Entry.objects.create(tournament=tournament, player=player, paid_by=player, status=EntryStatus.REGISTERED)
        events.entry_changed(tournament, player=player, joined=True, reason="registered")
