"""A tournament's settings, checked: each wrong one refused with TournamentInvalid naming its field.
Creating a tournament and changing it before the start (services.entries) both go through here."""

import inspect
from datetime import datetime, timedelta

from django.utils import timezone

from apps.core.bounds import column_range, text_limit
from apps.tournaments.errors import TournamentInvalid
from apps.tournaments.models import (
    BEST_OF_CHOICES,
    Format,
    GameType,
    GrandFinal,
    Seeding,
    Tournament,
    default_prize_split,
)

BEST_OF_VALUES = tuple(value for value, _ in BEST_OF_CHOICES)
# How far ahead a tournament may be announced.
MAX_DAYS_AHEAD = 365


def _invalid(detail: str, field: str) -> TournamentInvalid:
    return TournamentInvalid(detail, field=field)


def _whole(value, field: str, low: int | None = None, high: int | None = None) -> int:
    """`value` as a whole number within `low`..`high`, by default the bounds of the Tournament column `field`."""
    column_low, column_high = column_range(Tournament, field)
    low, high = column_low if low is None else low, column_high if high is None else high
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid(f"{field} must be a whole number from {low} to {high}.", field)
    return value


def _choice(value, field: str, choices) -> str:
    if value not in choices:
        raise _invalid(f"{field} must be one of {', '.join(map(str, choices))}.", field)
    return value


def _game_type(value) -> GameType:
    code = value.code if isinstance(value, GameType) else value
    game_type = GameType.objects.filter(code=code, active=True).first() if isinstance(code, str) else None
    if game_type is None:
        raise _invalid("Unknown game type.", "game_type")
    return game_type


def _prize_split(split, capacity: int) -> list[int]:
    if not isinstance(split, list) or not 1 <= len(split) <= capacity:
        raise _invalid(f"The prize split lists 1 to {capacity} percentages (one per paid place).", "prize_split")
    if not all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 100 for p in split):
        raise _invalid("Each place's share is a whole percentage from 0 to 100.", "prize_split")
    if sum(split) != 100:
        raise _invalid(f"The prize split must sum to 100, not {sum(split)}.", "prize_split")
    return split


def _default_split(capacity: int) -> list[int]:
    """60/30/10, with the shares of places a small tournament does not have going to first place."""
    split = default_prize_split()[:capacity]
    split[0] += 100 - sum(split)
    return split


def _format_options(fmt: str, *, capacity: int, third_place, grand_final, groups, swiss_rounds) -> dict:
    """The options of `fmt`, each refused when given to another format."""
    if not isinstance(third_place, bool) or (third_place and fmt != Format.SINGLE_ELIMINATION):
        raise _invalid("A third-place match is an option of single elimination only.", "third_place")
    if fmt == Format.DOUBLE_ELIMINATION:
        grand_final = _choice(grand_final or GrandFinal.RESET, "grand_final", GrandFinal.values)
    elif grand_final not in (None, GrandFinal.NONE):
        raise _invalid("A grand final is an option of double elimination only.", "grand_final")
    groups = _whole(groups, "groups")
    if groups > 1 and (fmt != Format.ROUND_ROBIN or groups * 2 > capacity):
        raise _invalid("Groups are for round robin, with at least 2 places in each.", "groups")
    if fmt == Format.SWISS:
        swiss_rounds = _whole(
            swiss_rounds, "swiss_rounds", high=min(column_range(Tournament, "swiss_rounds")[1], capacity - 1)
        )
    elif swiss_rounds is not None:
        raise _invalid("A number of rounds is an option of Swiss only.", "swiss_rounds")
    return {
        "third_place": third_place,
        "grand_final": grand_final or GrandFinal.NONE,
        "groups": groups,
        "swiss_rounds": swiss_rounds,
    }


def _start_at(value, now) -> datetime:
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise _invalid("The start is a date and time with its time zone.", "start_at")
    if not now < value <= now + timedelta(days=MAX_DAYS_AHEAD):
        raise _invalid(f"The start must be in the future, within {MAX_DAYS_AHEAD} days.", "start_at")
    return value


def _name(value) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(name) <= text_limit(Tournament, "name"):
        raise _invalid(f"The name is 1 to {text_limit(Tournament, 'name')} characters.", "name")
    return name


def checked_settings(
    *,
    name: str,
    game_type,
    format: str,
    capacity: int,
    start_at: datetime,
    check_in_minutes: int = 0,
    entry_fee: int = 0,
    prize_split: list[int] | None = None,
    best_of: int = 1,
    final_best_of: int | None = None,
    grand_final: str | None = None,
    third_place: bool = False,
    groups: int = 1,
    swiss_rounds: int | None = None,
    seeding: str = Seeding.RATING,
    verified_only: bool = False,
    description: str = "",
    report_timeout_minutes: int = 15,
    now: datetime,
) -> dict:
    """A tournament's settings, each checked, as the model's fields (TournamentInvalid names the first wrong one)."""
    fmt = _choice(format, "format", Format.values)
    capacity = _whole(capacity, "capacity")
    best_of = _choice(best_of, "best_of", BEST_OF_VALUES)
    if not isinstance(verified_only, bool):
        raise _invalid("verified_only is true or false.", "verified_only")
    if not isinstance(description, str) or len(description) > text_limit(Tournament, "description"):
        raise _invalid(f"The description is at most {text_limit(Tournament, 'description')} characters.", "description")
    return {
        "name": _name(name),
        "game_type": _game_type(game_type),
        "description": description,
        "format": fmt,
        **_format_options(
            fmt,
            capacity=capacity,
            third_place=third_place,
            grand_final=grand_final,
            groups=groups,
            swiss_rounds=swiss_rounds,
        ),
        "best_of": best_of,
        "final_best_of": best_of if final_best_of is None else _choice(final_best_of, "final_best_of", BEST_OF_VALUES),
        "capacity": capacity,
        "start_at": _start_at(start_at, now),
        "check_in_minutes": _whole(check_in_minutes, "check_in_minutes"),
        "entry_fee": _whole(entry_fee, "entry_fee"),
        "prize_split": _prize_split(_default_split(capacity) if prize_split is None else prize_split, capacity),
        "verified_only": verified_only,
        "seeding": _choice(seeding, "seeding", Seeding.values),
        "report_timeout_minutes": _whole(report_timeout_minutes, "report_timeout_minutes"),
    }


SETTINGS = tuple(name for name in inspect.signature(checked_settings).parameters if name != "now")
# Options of one format: a change of format starts them afresh unless the change names them.
FORMAT_DEFAULTS = {"third_place": False, "grand_final": None, "groups": 1, "swiss_rounds": None}
