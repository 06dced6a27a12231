"""What the tournament pages read: the list's tabs and cards, a tournament's players and money, the
organizer's queue, and the bracket JSON (selectors.brackets.bracket_state) shaped for templates.

The bracket shaping reads the same dict the API and the BU frames carry, so the server-rendered
bracket and static/js/tournament.js draw the same thing from the same data.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.tournaments import glicko2
from apps.tournaments.models import (
    Entry,
    EntryStatus,
    Match,
    MatchReport,
    MatchStatus,
    Rating,
    Sponsorship,
    Tournament,
    TournamentStatus,
)

# The list's tabs, in order: key -> label.
TABS = {"upcoming": "Upcoming", "check_in": "Check-in open", "live": "Live", "finished": "Finished"}
# A check-in window is at most a day (Tournament.check_in_minutes), so only these may have one open.
LONGEST_CHECK_IN = timedelta(minutes=24 * 60)
STATUS_LABELS = {
    MatchStatus.WAITING: "Waiting",
    MatchStatus.READY: "Ready",
    MatchStatus.LIVE: "Live",
    MatchStatus.DONE: "Done",
    MatchStatus.DISPUTED: "Disputed",
}


def _sum_of(queryset: QuerySet, column: str) -> Subquery:
    summed = queryset.order_by().values("tournament").annotate(total=Sum(column)).values("total")
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def with_numbers(tournaments: QuerySet) -> QuerySet:
    """Each tournament with `registered` (players in), `waiting`, and `pool` (fees and sponsorships held)."""
    fees = Entry.objects.filter(tournament=OuterRef("pk"))
    sponsored = Sponsorship.objects.filter(tournament=OuterRef("pk"), refunded=False)
    return tournaments.annotate(
        registered=Count("entries", filter=Q(entries__status=EntryStatus.REGISTERED)),
        waiting=Count("entries", filter=Q(entries__status=EntryStatus.WAITING)),
        fees_held=_sum_of(fees, "fee_paid"),
        sponsored=_sum_of(sponsored, "coins"),
    )


def _check_in_open_ids(now) -> list[int]:
    """Tournaments whose check-in window is open now (a window's length is per tournament, so the
    last step is in Python, over the few that start within a day)."""
    soon = Tournament.objects.filter(
        status=TournamentStatus.REGISTRATION, check_in_minutes__gt=0, start_at__lte=now + LONGEST_CHECK_IN
    ).only("pk", "start_at", "check_in_minutes")
    return [t.pk for t in soon if t.check_in_opens_at <= now]


def tournament_list(*, tab: str, game_type=None) -> QuerySet:
    """The tournaments of a tab of /tournaments/ (TABS), optionally of one game type."""
    now = timezone.now()
    tournaments = Tournament.objects.select_related("game_type")
    if tab == "finished":
        tournaments = tournaments.filter(status__in=[TournamentStatus.FINALIZED, TournamentStatus.CANCELLED])
        tournaments = tournaments.order_by("-start_at", "-id")
    elif tab == "live":
        tournaments = tournaments.filter(status__in=[TournamentStatus.LIVE, TournamentStatus.PAUSED])
    else:
        open_ids = _check_in_open_ids(now)
        tournaments = tournaments.filter(status=TournamentStatus.REGISTRATION)
        tournaments = tournaments.filter(pk__in=open_ids) if tab == "check_in" else tournaments.exclude(pk__in=open_ids)
    if game_type is not None:
        tournaments = tournaments.filter(game_type=game_type)
    return with_numbers(tournaments)


def tournament_for_page(tournament_id: int) -> Tournament | None:
    return (
        with_numbers(Tournament.objects.select_related("game_type", "organizer__profile"))
        .filter(pk=tournament_id)
        .first()
    )


def rating_label(rating: Rating | None) -> str:
    """As glicko2.display shows it; a player never rated shows the starting rating."""
    if rating is None:
        return glicko2.display(glicko2.Rating())
    return glicko2.display(glicko2.Rating(rating.rating, rating.deviation, rating.volatility))


@dataclass(frozen=True)
class PlayerRow:
    entry: Entry
    rating: str


def entries_for_page(tournament: Tournament) -> dict[str, list[PlayerRow]]:
    """Registered players (by seed, then order of entry) and the waiting list, each with their rating."""
    entries = list(
        tournament.entries.filter(status__in=[EntryStatus.REGISTERED, EntryStatus.WAITING]).select_related(
            "player__profile", "paid_by"
        )
    )
    ratings = {
        r.player_id: r
        for r in Rating.objects.filter(game_type_id=tournament.game_type_id, player__in=[e.player_id for e in entries])
    }
    rows = {"registered": [], "waiting": []}
    for entry in entries:
        rows[entry.status].append(PlayerRow(entry, rating_label(ratings.get(entry.player_id))))
    return rows


def final_results(tournament: Tournament) -> list[Entry]:
    return list(
        tournament.entries.filter(final_place__isnull=False).select_related("player__profile").order_by("final_place")
    )


def viewer_entry(tournament: Tournament, user) -> Entry | None:
    if not user.is_authenticated:
        return None
    return tournament.entries.filter(player=user, status__in=[EntryStatus.REGISTERED, EntryStatus.WAITING]).first()


def prize_rows(tournament: Tournament) -> list[tuple[int, int, int]]:
    """(place, percent, coins) by the split of what the pool holds now, after the platform cut,
    rounding down (finalize gives the remainder to first place)."""
    pool = tournament.fees_held + tournament.sponsored
    prizes = pool - pool * tournament.platform_cut_percent // 100
    return [(place, percent, prizes * percent // 100) for place, percent in enumerate(tournament.prize_split, 1)]


def _current_reports() -> Prefetch:
    return Prefetch("reports", MatchReport.objects.filter(current=True).select_related("reporter__profile"))


def organizer_queue(tournament: Tournament) -> list[Match]:
    """Matches the organizer must settle: disputed ones, and those whose second report is overdue."""
    due = Q(status=MatchStatus.DISPUTED) | Q(
        status__in=[MatchStatus.READY, MatchStatus.LIVE], report_deadline__lte=timezone.now()
    )
    return list(
        tournament.matches.filter(due)
        .select_related("player1__profile", "player2__profile", "stream")
        .prefetch_related(_current_reports())
        .order_by("report_deadline", "id")
    )


def match_for_page(tournament: Tournament, match_id: int) -> Match | None:
    return (
        tournament.matches.select_related("player1__profile", "player2__profile", "winner", "stream")
        .prefetch_related(_current_reports(), Prefetch("history", to_attr="events"))
        .filter(pk=match_id)
        .first()
    )


# --- The bracket, shaped for templates -------------------------------------------------------------
@dataclass
class SlotView:
    player: dict | None  # bracket_state's player: id, n (name), u (username), seed, tier, rating
    hint: str
    score: str
    is_winner: bool
    is_me: bool


@dataclass
class MatchView:
    id: int
    code: str
    status: str
    status_label: str
    best_of: int
    slots: list[SlotView]
    games: list[str]
    stream_url: str
    is_mine: bool
    # The grand-final reset before it is needed: drawn hidden, so a BU frame can show it in place.
    hidden: bool


@dataclass
class RoundView:
    number: int
    name: str
    matches: list[MatchView]

    @property
    def hidden(self) -> bool:
        """A round of nothing but the reset before it is needed (its heading waits with it)."""
        return all(match.hidden for match in self.matches)


@dataclass
class StageView:
    key: str
    name: str
    rounds: list[RoundView]


@dataclass
class BracketView:
    version: int
    stages: list[StageView]
    standings: list[dict] = field(default_factory=list)
    with_buchholz: bool = False


def _slot(state: dict, match: dict, side: int, players: dict, viewer_id) -> SlotView:
    player_id = match["players"][side]
    player = players.get(str(player_id)) if player_id is not None else None
    games = match["games"]
    if match["best_of"] == 1 and games:
        score = str(games[0][side])
    elif games:
        score = str(sum(1 for game in games if game[side] > game[1 - side]))
    else:
        score = ""
    return SlotView(
        player=player,
        hint=match["hints"][side] or ("Bye" if player is None and state["status"] != "registration" else "TBD"),
        score=score,
        is_winner=player_id is not None and match["winner"] == player_id,
        is_me=player_id is not None and player_id == viewer_id,
    )


def _match_view(state: dict, match: dict, players: dict, viewer_id) -> MatchView:
    both_known = all(p is not None for p in match["players"])
    return MatchView(
        id=match["id"],
        code=match["code"],
        status=match["status"],
        status_label=STATUS_LABELS.get(match["status"], match["status"]),
        best_of=match["best_of"],
        slots=[_slot(state, match, side, players, viewer_id) for side in (0, 1)],
        games=[f"{a}–{b}" for a, b in match["games"]],
        stream_url=(match["stream"] or {}).get("url", ""),
        is_mine=viewer_id is not None and viewer_id in match["players"],
        hidden=match["conditional"] and not both_known,
    )


def bracket_view(state: dict, *, viewer=None) -> BracketView:
    """bracket_state's stages/rounds/matches as nested views, with the viewer's own matches marked."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    players = state["players"]
    matches = {m["id"]: _match_view(state, m, players, viewer_id) for m in state["matches"]}
    stages = [
        StageView(
            stage["key"],
            stage["name"],
            [
                RoundView(r["round"], r["name"], [matches[i] for i in r["matches"] if i in matches])
                for r in stage["rounds"]
            ],
        )
        for stage in state["stages"]
    ]
    standings = [row | {"player": players.get(str(row["player"]))} for row in state["standings"]]
    return BracketView(
        state["v"], stages, standings, with_buchholz=any("buchholz" in row for row in state["standings"])
    )
