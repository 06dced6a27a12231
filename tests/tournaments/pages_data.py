"""Tournaments for the page tests, made through the real services: created, filled, started and
played as their users would."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from apps.accounts.tiers import Tier
from apps.tournaments.models import Format, GameType, Match, MatchStatus
from apps.tournaments.services import entries, matches
from apps.wallet.services import wallet_grant
from tests.factories import UserFactory


def game_types() -> None:
    """The game types migration 0002 seeds (transactional tests flush them)."""
    importlib.import_module("apps.tournaments.migrations.0002_game_types").add_game_types(apps, None)


def verified_user(tier: str = Tier.BASIC_VERIFIED, **fields):
    user = UserFactory(**fields)
    user.profile.verification_tier = tier
    user.profile.save(update_fields=["verification_tier"])
    return user


def elite_user(**fields):
    return verified_user(Tier.ELITE_VERIFIED, **fields)


def tournament_with(
    players: int,
    *,
    organizer=None,
    registered_players=(),
    game: str = "1V1",
    format: str = Format.DOUBLE_ELIMINATION,
    name="Summer Slam",
    **fields,
):
    """A tournament open for registration with `players` registered (verified players in a verified-only
    one), or `registered_players` in that order; each is given the coins of their entry fee."""
    data = {
        "name": name,
        "game_type": GameType.objects.get(code=game),
        "format": format,
        "capacity": max(players, 3),
        "start_at": timezone.now() + timedelta(days=1),
        "seeding": "rating",
    } | fields
    tournament = entries.tournament_create(organizer=organizer or elite_user(), **data)
    new_player = verified_user if data.get("verified_only") else UserFactory
    banker = UserFactory(is_staff=True) if tournament.entry_price else None
    for player in list(registered_players) or [new_player() for _ in range(players)]:
        if banker:
            wallet_grant(user=player, amount=tournament.entry_price, reason="entry fee", granted_by=banker)
        entries.register(tournament=tournament, player=player, paid_by=player)
    return tournament


def start(tournament) -> None:
    entries.start(tournament=tournament, by=tournament.organizer)


def play(match: Match, *, winner_side: int = 0, score=(21, 15)) -> None:
    """Both players report `match` the same way: the side `winner_side` (0 first, 1 second) wins."""
    match.refresh_from_db()
    players = [match.player1, match.player2]
    winner, loser = players[winner_side], players[1 - winner_side]
    games = [list(score)] * (match.best_of // 2 + 1)
    matches.match_report(match=match, reporter=winner, games=games)
    match.refresh_from_db()
    matches.match_report(match=match, reporter=loser, games=[[b, a] for a, b in games])


def play_round(tournament, bracket: str, round_number: int) -> None:
    """The first player of every ready match of a round wins it."""
    for match in tournament.matches.filter(bracket=bracket, round=round_number, status=MatchStatus.READY):
        play(match)
