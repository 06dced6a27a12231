"""What the tournament pages read: the list's tabs and cards, a tournament's players and money, the
organizer's queue, and the bracket JSON (selectors.brackets.bracket_state) shaped for templates.

The bracket shaping reads the same dict the API and the BU frames carry, so the server-rendered
bracket and static/js/tournament.js draw the same thing from the same data.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.tournaments import glicko2, prizes
from apps.tournaments.models import (
    Entry,
    Match,
    MatchReport,
    MatchStatus,
    Rating,
    Tournament,
)

# The list's tabs (selectors.entries' phases), in order: key -> label.
TABS = {"upcoming": "Upcoming", "check_in": "Check-in open", "live": "Live", "finished": "Finished"}
STATUS_LABELS = {
    MatchStatus.WAITING: "Waiting",
    MatchStatus.READY: "Ready",
    MatchStatus.LIVE: "Live",
    MatchStatus.DONE: "Done",
    MatchStatus.DISPUTED: "Disputed",
}


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
    """`tournament` from selectors.entries.tournament_detail: its registered players (by seed, then order
    of entry) and its waiting list, each with their rating as glicko2.display shows it."""
    entries = tournament.active_entries
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


def prize_rows(tournament: Tournament) -> list[tuple[int, int, int]]:
    """(place, percent, coins) if the tournament ended now with one player in each paid place: the
    pool it holds (`tournament` from selectors.entries.with_totals) divided as finalize divides it."""
    split = tournament.prize_split
    places = [(place, place) for place in range(1, len(split) + 1)]  # each place's player named by its place
    payout = prizes.divide_pool(
        pool=tournament.pool, cut_percent=tournament.platform_cut_percent, split=split, places=places
    )
    return [(place, percent, payout.prizes[place]) for place, percent in enumerate(split, 1)]


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


def disputed_matches() -> QuerySet[Match]:
    """Every disputed match, of tournaments and of 1v1 challenges, oldest first (the moderators' desk)."""
    return (
        Match.objects.filter(status=MatchStatus.DISPUTED)
        .select_related("tournament", "player1__profile", "player2__profile", "challenge")
        .prefetch_related(_current_reports())
        .order_by("id")
    )
