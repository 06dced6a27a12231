"""Reads of tournaments and their entries: the list by phase, one tournament, its prize pool."""

from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.tournaments.models import (
    ACTIVE_ENTRY_STATUSES,
    Entry,
    EntryStatus,
    Rating,
    Sponsorship,
    Tournament,
    TournamentStatus,
)

PHASES = ("upcoming", "check_in", "live", "finished")


def _check_in_open(now: datetime) -> Q:
    """Tournaments whose check-in window holds `now`: start - check-in minutes <= now < start. One term per
    window length in use (a handful), so it is the same plain comparison on every database."""
    open_for = (
        Tournament.objects.filter(status=TournamentStatus.REGISTRATION, start_at__gt=now, check_in_minutes__gt=0)
        .order_by()  # the model's ordering would join the DISTINCT and make it one row a tournament
        .values_list("check_in_minutes", flat=True)
        .distinct()
    )
    windows = Q(pk__in=[])
    for minutes in open_for:
        windows |= Q(check_in_minutes=minutes, start_at__lte=now + timedelta(minutes=minutes))
    return Q(status=TournamentStatus.REGISTRATION, start_at__gt=now) & windows


def _total(queryset: QuerySet, field: str) -> Coalesce:
    """The sum of `field` over `queryset`'s rows of each tournament, as a subquery (no join to multiply rows)."""
    per_tournament = queryset.filter(tournament=OuterRef("pk")).values("tournament").annotate(total=Sum(field))
    return Coalesce(Subquery(per_tournament.values("total"), output_field=IntegerField()), 0)


def with_totals(tournaments: QuerySet[Tournament]) -> QuerySet[Tournament]:
    """Each tournament with `registered`, `waiting` and its `pool` (held fees and sponsorships)."""
    return tournaments.select_related("game_type", "organizer__profile").annotate(
        registered=Count("entries", filter=Q(entries__status=EntryStatus.REGISTERED)),
        waiting=Count("entries", filter=Q(entries__status=EntryStatus.WAITING)),
        pool=_total(Entry.objects.filter(status=EntryStatus.REGISTERED), "fee_paid")
        + _total(Sponsorship.objects.filter(refunded=False), "coins"),
    )


def tournament_list(*, phase: str | None = None, game_type: str | None = None, now=None) -> QuerySet[Tournament]:
    """Tournaments in a phase: upcoming (registration open, check-in not yet), check_in, live (or
    paused), finished (finalized or cancelled, latest first); all of them without a phase."""
    now = now or timezone.now()
    # Ordered here: an aggregate query does not take the model's ordering.
    tournaments = with_totals(Tournament.objects.all()).order_by("start_at", "id")
    if game_type:
        tournaments = tournaments.filter(game_type__code=game_type)
    if phase == "upcoming":
        registering = Q(status=TournamentStatus.REGISTRATION, start_at__gt=now)
        return tournaments.filter(registering).exclude(_check_in_open(now))
    if phase == "check_in":
        return tournaments.filter(_check_in_open(now))
    if phase == "live":
        return tournaments.filter(status__in=[TournamentStatus.LIVE, TournamentStatus.PAUSED])
    if phase == "finished":
        finished = [TournamentStatus.FINALIZED, TournamentStatus.CANCELLED]
        return tournaments.filter(status__in=finished).order_by("-start_at", "-id")
    return tournaments


def tournament_detail(*, tournament_id: int) -> Tournament | None:
    """One tournament with its totals and its active entries (`active_entries`, in seed then registration
    order, each with the player's `rating` in the game type: None while unrated)."""
    entries = Entry.objects.filter(status__in=ACTIVE_ENTRY_STATUSES).select_related("player__profile")
    tournament = (
        with_totals(Tournament.objects.filter(pk=tournament_id))
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="active_entries"))
        .first()
    )
    if tournament is not None:
        players = [entry.player_id for entry in tournament.active_entries]
        ratings = dict(
            Rating.objects.filter(game_type=tournament.game_type_id, player__in=players).values_list("player", "rating")
        )
        for entry in tournament.active_entries:
            entry.rating = ratings.get(entry.player_id)
    return tournament


def entry_of(*, tournament: Tournament, player) -> Entry | None:
    """The player's registration or place on the waiting list, if any."""
    if not player.is_authenticated:
        return None
    return Entry.objects.filter(tournament=tournament, player=player, status__in=ACTIVE_ENTRY_STATUSES).first()


def prize_pool(tournament: Tournament) -> int:
    """Coins held for the tournament: its registered entries' fees and its sponsorships not refunded."""
    return with_totals(Tournament.objects.filter(pk=tournament.pk)).values_list("pool", flat=True).get()
