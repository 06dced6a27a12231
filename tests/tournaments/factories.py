"""Tournaments for tests: a tournament open for registration, and one already under way with its
bracket written by the real service (players registered and seeded, no money moved)."""

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from apps.tournaments.models import Entry, EntryStatus, Format, GameType, Tournament, TournamentStatus
from apps.tournaments.services.matches import bracket_create
from tests.factories import UserFactory


class TournamentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tournament

    name = factory.Sequence(lambda n: f"Open #{n}")
    organizer = factory.SubFactory(UserFactory, is_staff=True)
    game_type = factory.LazyFunction(lambda: GameType.objects.get(code="1V1"))
    format = Format.SINGLE_ELIMINATION
    capacity = 16
    start_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    platform_cut_percent = factory.LazyFunction(lambda: settings.TOURNAMENT_PLATFORM_CUT_PERCENT)


def live_tournament(players: int = 4, **fields) -> tuple[Tournament, list]:
    """A started tournament of `players` new users (seed order), its bracket written, nothing paid."""
    tournament = TournamentFactory(
        status=TournamentStatus.LIVE, started_at=timezone.now(), capacity=max(players, 2), **fields
    )
    users = UserFactory.create_batch(players)
    Entry.objects.bulk_create(
        Entry(tournament=tournament, player=user, paid_by=user, status=EntryStatus.REGISTERED, seed=seed)
        for seed, user in enumerate(users, start=1)
    )
    bracket_create(tournament=tournament, players=users)
    return tournament, users
