"""Who may do what in tournaments, and if not, why: one reason each, which the services raise and the
pages and frames show."""

from apps.accounts.tiers import TIERS, TierSpec
from apps.core.exceptions import ApplicationError
from apps.tournaments.errors import (
    CheckInClosed,
    NotAllowed,
    NotEntered,
    RegistrationClosed,
    VerifiedOnly,
    WithdrawalClosed,
)
from apps.tournaments.models import Entry, EntryStatus, Tournament, TournamentStatus


# --- entries -------------------------------------------------------------------------------------------
def tier_grants(spec: TierSpec, benefit: str) -> bool:
    """A tier's benefits build on those of the verified tiers below it (Celebrity creates tournaments
    as Elite does, though only Elite's data names the benefit)."""
    return any(benefit in lower.benefits for lower in TIERS.values() if lower.rank <= spec.rank)


def creation_problem(*, user) -> ApplicationError | None:
    """Why `user` may not create a tournament (None if they may): staff, and tiers with `tournament_creation`."""
    if user.is_staff or tier_grants(user.profile.tier, "tournament_creation"):
        return None
    return NotAllowed("Creating tournaments needs Elite verification (or staff).")


def organizer_problem(*, tournament: Tournament, user) -> ApplicationError | None:
    """Starting, pausing, cancelling and finalizing are the organizer's (and staff's)."""
    if user.is_staff or user.pk == tournament.organizer_id:
        return None
    return NotAllowed("Only the organizer can do this.")


def registration_problem(*, tournament: Tournament, player, now) -> ApplicationError | None:
    """Why `player` cannot enter now (being entered already is the service's check, under its lock)."""
    if tournament.status != TournamentStatus.REGISTRATION or now >= tournament.start_at:
        return RegistrationClosed("Registration is closed: the tournament has started or ended.")
    if tournament.verified_only and not player.profile.tier.is_verified:
        return VerifiedOnly("This tournament is for verified players only.")
    return None


def withdrawal_problem(*, tournament: Tournament, entry: Entry | None, now) -> ApplicationError | None:
    if entry is None or entry.status not in (EntryStatus.REGISTERED, EntryStatus.WAITING):
        return NotEntered("You are not registered in this tournament.")
    if tournament.status != TournamentStatus.REGISTRATION or now >= tournament.start_at:
        return WithdrawalClosed("The tournament has started: withdrawing is no longer possible.")
    return None


def check_in_problem(*, tournament: Tournament, entry: Entry | None, now) -> ApplicationError | None:
    if entry is None or entry.status != EntryStatus.REGISTERED:
        return NotEntered("Only registered players check in (not those on the waiting list).")
    if not tournament.check_in_minutes:
        return CheckInClosed("This tournament has no check-in.")
    if tournament.status != TournamentStatus.REGISTRATION or not (
        tournament.check_in_opens_at <= now < tournament.start_at
    ):
        minutes = tournament.check_in_minutes
        return CheckInClosed(f"Check-in opens {minutes} minutes before the start and closes at the start.")
    return None
