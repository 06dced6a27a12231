"""Live tournaments for the socket tests, their bracket written and played through the real services.

The tests are transactional (sockets run on threads of their own), and a transactional test's flush
empties the game types a migration wrote: `live_tournament` puts back the one it needs."""

from django.db import transaction

from apps.tournaments import events
from apps.tournaments.models import Entry, EntryStatus, GameType, Match
from apps.tournaments.services.matches import match_report
from tests.tournaments import factories


def game_type(code: str = "1V1") -> GameType:
    return GameType.objects.get_or_create(code=code, defaults={"name": code})[0]


def live_tournament(players: int = 4, **fields):
    """(tournament, players in seed order, its first-round matches ready to play)."""
    game_type()
    tournament, users = factories.live_tournament(players, **fields)
    ready = list(tournament.matches.filter(player1__isnull=False, player2__isnull=False).order_by("pk"))
    return tournament, users, ready


def complete_match(match: Match) -> None:
    """Both players report that player 1 won: the match completes and its winner moves on."""
    for reporter in (match.player1, match.player2):
        games = [[21, 15]] if reporter == match.player1 else [[15, 21]]
        match_report(match=Match.objects.get(pk=match.pk), reporter=reporter, games=games)


def register(tournament, player) -> None:
    """A registration as the entries service leaves it: the entry, and the frames it asks for."""
    with transaction.atomic():
        Entry.objects.create(tournament=tournament, player=player, paid_by=player, status=EntryStatus.REGISTERED)
        events.entry_changed(tournament, player=player, joined=True, reason="registered")
