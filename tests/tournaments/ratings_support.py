"""Factories and a helper for the rating tests: matches are built as the matches service leaves them
(done, winner and loser set) and rated through the real rating service."""

from datetime import timedelta

import factory
from django.utils import timezone

from apps.tournaments.models import Bracket, Challenge, GameType, Match, MatchStatus, Rating
from apps.tournaments.services.ratings import rating_apply
from tests.factories import UserFactory
from tests.tournaments.factories import TournamentFactory

START = timezone.now() - timedelta(days=30)


def game_type(code: str = "1V1") -> GameType:
    """One of the game types migration 0002 adds (created again if a transactional test flushed them)."""
    return GameType.objects.get_or_create(code=code, defaults={"name": code})[0]


class MatchFactory(factory.django.DjangoModelFactory):
    """A completed match: player1 beat player2, each one a minute after the one before."""

    class Meta:
        model = Match

    tournament = factory.SubFactory(TournamentFactory, game_type=factory.LazyFunction(game_type))
    code = factory.Sequence(lambda n: f"W1-M{n}")
    bracket = Bracket.WINNERS
    round = 1
    number = factory.Sequence(lambda n: n + 1)
    round_name = "Round 1"
    player1 = factory.SubFactory(UserFactory)
    player2 = factory.SubFactory(UserFactory)
    status = MatchStatus.DONE
    winner = factory.SelfAttribute("player1")
    loser = factory.SelfAttribute("player2")
    result_version = 1
    completed_at = factory.Sequence(lambda n: START + timedelta(minutes=n))


def play(winner, loser, **fields) -> Match:
    """A tournament match `winner` won against `loser`, rated."""
    match = MatchFactory(player1=winner, player2=loser, **fields)
    rating_apply(match=match)
    return match


def challenge_match(winner, loser, *, code: str) -> Match:
    """A challenge's match (no tournament) in game type `code`, won by `winner`, not rated yet."""
    match = MatchFactory(tournament=None, bracket=Bracket.CHALLENGE, player1=winner, player2=loser)
    Challenge.objects.create(
        challenger=winner,
        opponent=loser,
        game_type=game_type(code),
        platform_cut_percent=10,
        expires_at=timezone.now() + timedelta(hours=24),
        match=match,
    )
    return match


def correct(match: Match, *, winner) -> Match:
    """The organizer's correction as the matches service records it: a new result version."""
    match.winner, match.loser = (
        (match.player1, match.player2) if winner == match.player1 else (match.player2, match.player1)
    )
    match.result_version += 1
    match.save()
    return match


class RatingFactory(factory.django.DjangoModelFactory):
    """An established rating (deviation under 110 after 5 or more matches) unless told otherwise."""

    class Meta:
        model = Rating

    player = factory.SubFactory(UserFactory)
    game_type = factory.LazyFunction(game_type)
    rating = 1600.0
    deviation = 80.0
    rated_matches = 12
    wins = 8
    losses = 4
    current_streak = 2
