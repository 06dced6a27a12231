"""A tournament's life outside its matches: creating it, entries and the waiting list, check-in,
sponsorship, the start (no-shows dropped, seeding, the bracket), pause, cancel and finalize.

Money moves only through apps.wallet.services, under the reference `tournament:<id>`, each movement
under an idempotency key named after what it pays (an entry's fee, its refund, a sponsorship's
refund, a place's prize, the cut), so a retried cancel or finalize pays once. Every write locks the
tournament's row first: entries are serialized per tournament (50 players registering at once for 32
places make exactly 32 registered and 18 waiting), and the wallet's rows are always locked after it.

The waiting list: a registration when the tournament is full waits, paying nothing. When a
registered player withdraws, the first waiting entry moves up and its payer (the player, or whoever
gifted the entry) is charged then; a payer who cannot pay is passed over, the entry stays waiting
(it is tried again at the next free place) and the next one is tried.
"""

import random
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import AthleteProfile
from apps.tournaments import events, rules
from apps.tournaments.errors import (
    AlreadyEntered,
    MatchesNotDone,
    SponsorshipInvalid,
    TooFewPlayers,
    TournamentInvalid,
    WrongState,
)
from apps.tournaments.models import (
    Entry,
    EntryStatus,
    MatchStatus,
    Rating,
    Seeding,
    Sponsorship,
    Tournament,
    TournamentStatus,
)
from apps.tournaments.prizes import divide_pool
from apps.tournaments.selectors.brackets import final_places
from apps.tournaments.selectors.entries import prize_pool
from apps.tournaments.services.matches import bracket_create
from apps.tournaments.services.tournament_settings import FORMAT_DEFAULTS, SETTINGS, checked_settings
from apps.wallet import services as wallet
from apps.wallet.errors import InsufficientCoins
from apps.wallet.selectors import transfer_id_for_key

MAX_SPONSORSHIP_COINS = 1_000_000
UNRATED = 1500.0
OPEN_STATUSES = (TournamentStatus.REGISTRATION, TournamentStatus.LIVE, TournamentStatus.PAUSED)


# --- Creating and changing ---------------------------------------------------------------------------
@transaction.atomic
def tournament_create(*, organizer, now: datetime | None = None, **fields) -> Tournament:
    """A new tournament, open for registration, with `fields` as `checked_settings` takes them:
    `game_type` is a GameType or its code; `grand_final` defaults to a reset for double elimination
    (none otherwise); the prize split to 60/30/10 (its places beyond the capacity going to first)."""
    if problem := rules.creation_problem(user=organizer):
        raise problem
    checked = checked_settings(**fields, now=now or timezone.now())
    return Tournament.objects.create(
        organizer=organizer, platform_cut_percent=settings.TOURNAMENT_PLATFORM_CUT_PERCENT, **checked
    )


@transaction.atomic
def tournament_update(*, tournament: Tournament, by, now: datetime | None = None, **changes) -> Tournament:
    """Change settings while registration is open. The price is fixed once someone has paid it, the
    capacity never drops below the players registered, and a larger one moves the waiting list up."""
    tournament = _organized(tournament, by, allowed=(TournamentStatus.REGISTRATION,), action="changed")
    if unknown := sorted(set(changes) - set(SETTINGS)):
        raise TournamentInvalid(f"{unknown[0]} is not a setting.", field=unknown[0])
    current = {name: getattr(tournament, name) for name in SETTINGS}
    if changes.get("format", tournament.format) != tournament.format:
        current.update(FORMAT_DEFAULTS)
    fields = checked_settings(**{**current, **changes}, now=now or timezone.now())
    entries = Entry.objects.filter(tournament=tournament)
    for price in ("entry_fee", "verified_only"):
        if fields[price] != getattr(tournament, price) and entries.filter(fee_paid__gt=0).exists():
            raise TournamentInvalid("Players have paid the entry fee: it cannot change now.", field=price)
    if fields["capacity"] < entries.filter(status=EntryStatus.REGISTERED).count():
        raise TournamentInvalid("More players are registered than that capacity holds.", field="capacity")
    for name, value in fields.items():
        setattr(tournament, name, value)
    tournament.save(update_fields=list(fields))
    while entries.filter(status=EntryStatus.REGISTERED).count() < tournament.capacity:
        if _move_up_from_waiting_list(tournament) is None:
            break
    return tournament


# --- Money ---------------------------------------------------------------------------------------------
def _reference(tournament: Tournament) -> str:
    return f"tournament:{tournament.pk}"


def _entry_key(entry: Entry, what: str) -> str:
    return f"tournament:{entry.tournament_id}:entry:{entry.pk}:{what}"


def _hold_fee(entry: Entry, *, idempotency_key: str | None = None) -> None:
    """Take the entry's fee from its payer into escrow (InsufficientCoins when they cannot pay)."""
    tournament = entry.tournament
    if tournament.entry_price:
        wallet.escrow_hold(
            payer=entry.paid_by,
            amount=tournament.entry_price,
            reference=_reference(tournament),
            idempotency_key=idempotency_key or _entry_key(entry, "fee"),
            memo=f"Entry fee for {entry.player.public_name}",
        )
    entry.fee_paid = tournament.entry_price


def _refund_fee(entry: Entry, *, status: str, by=None) -> None:
    """Give the entry's fee back to whoever paid it, and close the entry with `status`."""
    if entry.fee_paid:
        wallet.escrow_refund(
            to=entry.paid_by,
            amount=entry.fee_paid,
            reference=_reference(entry.tournament),
            idempotency_key=_entry_key(entry, "refund"),
            initiated_by=by,
            memo=f"Entry fee of {entry.player.public_name} refunded",
        )
    entry.status = status
    entry.save(update_fields=["status", "updated_at"])


def _lock(tournament: Tournament) -> Tournament:
    # Only the tournament's row: its game type's is shared by every tournament of that game.
    return Tournament.objects.select_for_update(of=("self",)).select_related("game_type").get(pk=tournament.pk)


def _active_entry(tournament: Tournament, player) -> Entry | None:
    return (
        Entry.objects.select_related("tournament", "player__profile", "paid_by")
        .filter(tournament=tournament, player=player, status__in=[EntryStatus.REGISTERED, EntryStatus.WAITING])
        .first()
    )


# --- Entries -------------------------------------------------------------------------------------------
@transaction.atomic
def register(*, tournament: Tournament, player, paid_by=None, idempotency_key: str | None = None, now=None) -> Entry:
    """Enter `player` (paid by `paid_by`: a gifted entry), or put them on the waiting list when full.
    A retry with the same `idempotency_key` returns the entry it paid for, charging nothing more."""
    now = now or timezone.now()
    paid_by = paid_by or player
    tournament = _lock(tournament)
    fee_key = f"tournament:{tournament.pk}:register:{paid_by.pk}:{idempotency_key}" if idempotency_key else None
    if fee_key and transfer_id_for_key(idempotency_key=fee_key) and (entry := _active_entry(tournament, player)):
        return entry
    if problem := rules.registration_problem(tournament=tournament, player=player, now=now):
        raise problem
    if _active_entry(tournament, player):
        raise AlreadyEntered(f"{player.public_name} is registered in this tournament already.")
    registered = Entry.objects.filter(tournament=tournament, status=EntryStatus.REGISTERED).count()
    status = EntryStatus.REGISTERED if registered < tournament.capacity else EntryStatus.WAITING
    try:
        with transaction.atomic():
            entry = Entry.objects.create(tournament=tournament, player=player, paid_by=paid_by, status=status)
    except IntegrityError:  # the constraint, should a write ever get past the lock
        raise AlreadyEntered(f"{player.public_name} is registered in this tournament already.") from None
    if status == EntryStatus.REGISTERED:
        _hold_fee(entry, idempotency_key=fee_key)
        entry.save(update_fields=["fee_paid", "updated_at"])
    events.entry_changed(tournament, player=player, joined=True, reason=status)
    return entry


def _move_up_from_waiting_list(tournament: Tournament) -> Entry | None:
    """The first waiting entry whose payer can pay takes the free place; the others stay waiting."""
    waiting = Entry.objects.select_related("tournament", "player__profile", "paid_by").filter(
        tournament=tournament, status=EntryStatus.WAITING
    )
    for entry in waiting.order_by("created_at", "id"):
        try:
            with transaction.atomic():
                _hold_fee(entry)
        except InsufficientCoins:
            continue
        entry.status = EntryStatus.REGISTERED
        entry.save(update_fields=["status", "fee_paid", "updated_at"])
        events.entry_changed(tournament, player=entry.player, joined=True, reason="moved_up")
        return entry
    return None


@transaction.atomic
def withdraw(*, tournament: Tournament, player, now=None) -> Entry:
    """Leave before the start: the fee goes back in full to whoever paid it, and the waiting list moves up."""
    now = now or timezone.now()
    tournament = _lock(tournament)
    entry = _active_entry(tournament, player)
    if problem := rules.withdrawal_problem(tournament=tournament, entry=entry, now=now):
        raise problem
    was_registered = entry.status == EntryStatus.REGISTERED
    _refund_fee(entry, status=EntryStatus.WITHDRAWN, by=player)
    events.entry_changed(tournament, player=player, joined=False, reason="withdrew")
    if was_registered:
        _move_up_from_waiting_list(tournament)
    return entry


@transaction.atomic
def check_in(*, tournament: Tournament, player, now=None) -> Entry:
    """A registered player confirms they are here, within the check-in window; again changes nothing."""
    now = now or timezone.now()
    tournament = _lock(tournament)
    entry = _active_entry(tournament, player)
    if problem := rules.check_in_problem(tournament=tournament, entry=entry, now=now):
        raise problem
    if entry.checked_in_at is None:
        entry.checked_in_at = now
        entry.save(update_fields=["checked_in_at", "updated_at"])
        events.entry_changed(tournament, player=player, joined=True, reason="checked_in")
    return entry


@transaction.atomic
def sponsor(*, tournament: Tournament, sponsor, coins: int) -> Sponsorship:
    """Add `coins` from the sponsor's wallet to the prize pool, held in escrow until the end."""
    tournament = _lock(tournament)
    if tournament.status not in OPEN_STATUSES:
        raise WrongState("The tournament is over: its prize pool is closed.")
    if isinstance(coins, bool) or not isinstance(coins, int) or not 1 <= coins <= MAX_SPONSORSHIP_COINS:
        raise SponsorshipInvalid(f"A sponsorship is 1 to {MAX_SPONSORSHIP_COINS:,} coins.", field="coins")
    sponsorship = Sponsorship.objects.create(tournament=tournament, sponsor=sponsor, coins=coins)
    wallet.escrow_hold(
        payer=sponsor,
        amount=coins,
        reference=_reference(tournament),
        idempotency_key=f"tournament:{tournament.pk}:sponsorship:{sponsorship.pk}",
        memo=f"Sponsorship of {tournament.name}",
    )
    return sponsorship


# --- Running it ----------------------------------------------------------------------------------------
def _organized(tournament: Tournament, by, *, allowed: tuple[str, ...], action: str) -> Tournament:
    """The tournament locked, once `by` may run it and its status allows `action`."""
    tournament = _lock(tournament)
    if problem := rules.organizer_problem(tournament=tournament, user=by):
        raise problem
    if tournament.status not in allowed:
        raise WrongState(f"A {tournament.get_status_display().lower()} tournament cannot be {action}.")
    return tournament


def _set_status(tournament: Tournament, status: str, **fields) -> Tournament:
    tournament.status = status
    for name, value in fields.items():
        setattr(tournament, name, value)
    tournament.save(update_fields=["status", *fields])
    events.status_changed(tournament)
    return tournament


def _seed_order(tournament: Tournament, entries: list[Entry]) -> list[Entry]:
    """Entries in seed order. Ties, and everyone without a manual seed, keep their registration order."""
    entries = sorted(entries, key=lambda entry: (entry.created_at, entry.pk))
    if tournament.seeding == Seeding.RATING:
        ratings = dict(
            Rating.objects.filter(
                game_type=tournament.game_type, player__in=[e.player_id for e in entries]
            ).values_list("player_id", "rating")
        )
        return sorted(entries, key=lambda entry: -ratings.get(entry.player_id, UNRATED))
    if tournament.seeding == Seeding.RANDOM:
        # Seeded by the tournament and its recorded start time, so anyone can replay the draw.
        random.Random(f"{tournament.pk}:{tournament.started_at.isoformat()}").shuffle(entries)
        return entries
    return sorted(entries, key=lambda entry: (entry.requested_seed is None, entry.requested_seed or 0))


@transaction.atomic
def start(*, tournament: Tournament, by, now=None) -> Tournament:
    """Drop the registered players who did not check in (refunded), seed the rest, make the bracket, go live."""
    now = now or timezone.now()
    tournament = _organized(tournament, by, allowed=(TournamentStatus.REGISTRATION,), action="started")
    if tournament.check_in_minutes and now < tournament.check_in_opens_at:
        raise WrongState("Check-in has not opened yet: starting now would drop every player.")
    entries = list(
        Entry.objects.select_related("tournament", "player__profile", "paid_by").filter(
            tournament=tournament, status=EntryStatus.REGISTERED
        )
    )
    present = [e for e in entries if e.checked_in_at or not tournament.check_in_minutes]
    if len(present) < 2:
        raise TooFewPlayers(f"A tournament needs at least 2 players present; {len(present)} are.")
    for entry in entries:
        if entry not in present:
            _refund_fee(entry, status=EntryStatus.DROPPED, by=by)
            events.entry_changed(tournament, player=entry.player, joined=False, reason="dropped")
    tournament.status, tournament.started_at = TournamentStatus.LIVE, now
    tournament.save(update_fields=["status", "started_at"])
    seeded = _seed_order(tournament, present)
    for seed, entry in enumerate(seeded, start=1):
        entry.seed = seed
    Entry.objects.bulk_update(seeded, ["seed"])
    bracket_create(tournament=tournament, players=[entry.player for entry in seeded])
    events.status_changed(tournament)
    return tournament


@transaction.atomic
def pause(*, tournament: Tournament, by) -> Tournament:
    """No reports are taken while paused."""
    tournament = _organized(tournament, by, allowed=(TournamentStatus.LIVE,), action="paused")
    return _set_status(tournament, TournamentStatus.PAUSED)


@transaction.atomic
def resume(*, tournament: Tournament, by) -> Tournament:
    tournament = _organized(tournament, by, allowed=(TournamentStatus.PAUSED,), action="resumed")
    return _set_status(tournament, TournamentStatus.LIVE)


@transaction.atomic
def cancel(*, tournament: Tournament, by, now=None) -> Tournament:
    """Call it off: every fee back to whoever paid it, every sponsorship back to its sponsor."""
    tournament = _organized(tournament, by, allowed=OPEN_STATUSES, action="cancelled")
    entries = Entry.objects.select_related("tournament", "player__profile", "paid_by").filter(
        tournament=tournament, status__in=[EntryStatus.REGISTERED, EntryStatus.WAITING]
    )
    for entry in entries:
        _refund_fee(entry, status=EntryStatus.REFUNDED, by=by)
    for sponsorship in tournament.sponsorships.select_related("sponsor").filter(refunded=False):
        wallet.escrow_refund(
            to=sponsorship.sponsor,
            amount=sponsorship.coins,
            reference=_reference(tournament),
            idempotency_key=f"tournament:{tournament.pk}:sponsorship:{sponsorship.pk}:refund",
            initiated_by=by,
            memo=f"Sponsorship of {tournament.name} refunded",
        )
    tournament.sponsorships.filter(refunded=False).update(refunded=True)
    return _set_status(tournament, TournamentStatus.CANCELLED, ended_at=now or timezone.now())


@transaction.atomic
def finalize(*, tournament: Tournament, by, now=None) -> Tournament:
    """Every match decided: the platform's cut to revenue, prizes by the split to the places' earnings
    (apps.tournaments.prizes), each entry's final place and prize (events entered and won are counted
    from them: selectors.ratings), and career prize money on the profiles."""
    tournament = _organized(tournament, by, allowed=(TournamentStatus.LIVE,), action="finalized")
    if tournament.matches.exclude(status__in=[MatchStatus.DONE, MatchStatus.VOID]).exists():
        raise MatchesNotDone("Some matches are not decided yet.")
    places = final_places(tournament)
    payout = divide_pool(
        pool=prize_pool(tournament),
        cut_percent=tournament.platform_cut_percent,
        split=tournament.prize_split,
        places=places,
    )
    reference = _reference(tournament)
    if payout.cut:
        wallet.escrow_collect_cut(
            amount=payout.cut, reference=reference, idempotency_key=f"{reference}:cut", initiated_by=by
        )
    entries = {
        entry.player_id: entry
        for entry in Entry.objects.select_related("player").filter(tournament=tournament, status=EntryStatus.REGISTERED)
    }
    for player_id, place in places:
        entry, prize = entries[player_id], payout.prizes[player_id]
        if prize:
            wallet.escrow_award(
                to=entry.player,
                amount=prize,
                reference=reference,
                idempotency_key=f"{reference}:prize:{player_id}",
                initiated_by=by,
                memo=f"Prize for place {place} in {tournament.name}",
            )
            AthleteProfile.objects.filter(user_id=player_id).update(
                career_prize_money_cents=F("career_prize_money_cents") + prize * settings.WALLET_COIN_PAYOUT_VALUE_MINOR
            )
        entry.final_place, entry.prize = place, prize
        entry.save(update_fields=["final_place", "prize", "updated_at"])
    return _set_status(tournament, TournamentStatus.FINALIZED, ended_at=now or timezone.now())
