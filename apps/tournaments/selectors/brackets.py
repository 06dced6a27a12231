"""A tournament's bracket as data: the one shape the API, the bracket page and the `BU` frames share
(docs/realtime.md), its standings, and the final places finalizing pays by."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from apps.streaming.events import AUTHOR_COLUMNS, author_payload
from apps.tournaments import standings, swiss
from apps.tournaments.models import Bracket, Entry, EntryStatus, Format, Match, MatchStatus, Outcome, Rating, Tournament

STAGE_NAMES = {
    Bracket.WINNERS: "Winners' bracket",
    Bracket.LOSERS: "Losers' bracket",
    Bracket.GRAND_FINAL: "Grand final",
    Bracket.THIRD_PLACE: "Third place",
    Bracket.ROUND_ROBIN: "Round robin",
    Bracket.SWISS: "Swiss",
}


@dataclass(frozen=True)
class Links:
    """Where each match sends its winner and its loser, by match id."""

    winner_to: dict[str, int]
    loser_to: dict[str, int]

    @classmethod
    def of(cls, matches: list[Match]) -> "Links":
        winner_to, loser_to = {}, {}
        for match in matches:
            for source, outcome in ((match.source1, match.outcome1), (match.source2, match.outcome2)):
                if source:
                    (winner_to if outcome == Outcome.WINNER else loser_to)[source] = match.pk
        return cls(winner_to, loser_to)


def _hint(seed, source, outcome) -> str | None:
    if seed:
        return f"Seed {seed}"
    return f"{outcome.capitalize()} of {source}" if source else None


def match_state(match: Match, links: Links) -> dict:
    stream = match.stream
    return {
        "id": match.pk,
        "code": match.code,
        "bracket": match.bracket,
        "group": match.group,
        "round": match.round,
        "round_name": match.round_name,
        "status": match.status,
        "best_of": match.best_of,
        "players": [match.player1_id, match.player2_id],
        "hints": [_hint(match.seed1, match.source1, match.outcome1), _hint(match.seed2, match.source2, match.outcome2)],
        "games": match.games,
        "winner": match.winner_id,
        "next_match": links.winner_to.get(match.code),
        "loser_next": links.loser_to.get(match.code),
        "stream": {"id": str(stream.pk), "url": reverse("streaming:watch", args=[stream.pk])} if stream else None,
        "conditional": match.conditional,
    }


def _matches(tournament: Tournament) -> list[Match]:
    return list(tournament.matches.select_related("stream").order_by("pk"))


def _shown(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.status != MatchStatus.VOID]


def _stages(matches: list[Match]) -> list[dict]:
    stages: dict[tuple, dict] = {}
    for match in matches:
        key = (match.bracket, match.group)
        stage = stages.setdefault(
            key,
            {
                "key": f"group-{match.group}" if match.group else match.bracket,
                "name": f"Group {chr(64 + match.group)}" if match.group else STAGE_NAMES.get(match.bracket, ""),
                "rounds": {},
            },
        )
        stage["rounds"].setdefault(match.round, {"round": match.round, "name": match.round_name, "matches": []})
        stage["rounds"][match.round]["matches"].append(match.pk)
    return [{**stage, "rounds": [stage["rounds"][r] for r in sorted(stage["rounds"])]} for stage in stages.values()]


def players_state(tournament: Tournament, player_ids) -> dict[str, dict]:
    entries = (
        Entry.objects.filter(
            tournament=tournament, player_id__in=set(player_ids) - {None}, status=EntryStatus.REGISTERED
        )
        .select_related("player__profile")
        .only("player_id", "seed", "disqualified", *(f"player__{column}" for column in AUTHOR_COLUMNS))
    )
    rated = {
        r.player_id: r for r in Rating.objects.filter(game_type_id=tournament.game_type_id, player_id__in=player_ids)
    }
    unrated = Rating().display
    return {
        str(entry.player_id): {
            **author_payload(entry.player),
            "seed": entry.seed,
            "rating": rated[entry.player_id].display if entry.player_id in rated else unrated,
            "out": entry.disqualified,
        }
        for entry in entries
    }


def bracket_state(tournament: Tournament) -> dict:
    matches = _matches(tournament)
    links = Links.of(matches)
    shown = _shown(matches)
    return {
        "id": tournament.pk,
        "v": tournament.version,
        "status": tournament.status,
        "format": tournament.format,
        "stages": _stages(shown),
        "matches": [match_state(m, links) for m in shown],
        "standings": standings_of(tournament, matches),
        "players": players_state(tournament, {p for m in matches for p in m.players}),
    }


# --- Results and standings -------------------------------------------------------------------------
def _seeds(tournament: Tournament) -> dict[int, int]:
    return dict(
        Entry.objects.filter(tournament=tournament, status=EntryStatus.REGISTERED, seed__isnull=False).values_list(
            "player_id", "seed"
        )
    )


def _results(matches: list[Match], seed_of: dict[int, int]) -> list[standings.Result]:
    results = []
    for match in matches:
        if match.status != MatchStatus.DONE or match.winner_id is None:
            continue
        won_first = match.winner_id == match.player1_id
        games = [(a, b) if won_first else (b, a) for a, b in match.games]
        results.append(
            standings.Result(
                winner=seed_of[match.winner_id],
                loser=seed_of.get(match.loser_id) if match.loser_id else None,
                winner_games=sum(1 for a, b in games if a > b) if games else 1,
                loser_games=sum(1 for a, b in games if b > a),
            )
        )
    return results


def match_results(tournament: Tournament) -> list[standings.Result]:
    """Every decided match as the engines see it (players by seed)."""
    return _results(_matches(tournament), _seeds(tournament))


def standings_of(tournament: Tournament, matches: list[Match]) -> list[dict]:
    """The table of a round robin (per group) or a Swiss; empty for elimination."""
    if tournament.format not in (Format.ROUND_ROBIN, Format.SWISS) or not matches:
        return []
    seed_of = _seeds(tournament)
    player_of = {seed: player for player, seed in seed_of.items()}
    results = _results(matches, seed_of)
    if tournament.format == Format.SWISS:
        table = swiss.swiss_standings(len(seed_of), results)
        return [
            {
                "player": player_of[row.seed],
                "place": place,
                "wins": row.wins,
                "losses": row.losses,
                "points": row.points,
                "buchholz": row.buchholz,
            }
            for place, row in enumerate(table, start=1)
        ]
    groups: dict[int, set[int]] = defaultdict(set)
    for match in matches:
        groups[match.group] |= {s for s in (match.seed1, match.seed2) if s}
    rows = []
    for group in sorted(groups):
        table = standings.round_robin_standings(sorted(groups[group]), results)
        rows += [
            {
                "player": player_of[row.seed],
                "group": group,
                "place": place,
                "wins": row.wins,
                "losses": row.losses,
                "points": row.wins,
                "game_difference": row.game_difference,
            }
            for place, row in enumerate(table, start=1)
        ]
    return rows


def final_places(tournament: Tournament) -> list[tuple[int, int]]:
    """(player id, place) best first; players knocked out in the same round share a place."""
    matches = _matches(tournament)
    if tournament.format in (Format.ROUND_ROBIN, Format.SWISS):
        table = standings_of(tournament, matches)
        ordered = sorted(table, key=lambda row: (row["place"], -row["wins"], row.get("group", 0)))
        return [(row["player"], place) for place, row in enumerate(ordered, start=1)]
    return _elimination_places(matches)


def _elimination_places(matches: list[Match]) -> list[tuple[int, int]]:
    played = [m for m in matches if m.status == MatchStatus.DONE]
    stage_order: dict[tuple, int] = {}
    for match in matches:
        stage_order.setdefault((match.bracket, match.round), len(stage_order))
    final = max(
        (m for m in played if m.bracket != Bracket.THIRD_PLACE), key=lambda m: stage_order[(m.bracket, m.round)]
    )
    final_key = stage_order[(final.bracket, final.round)]
    takes_loser = {m.source1 for m in matches if m.outcome1 == Outcome.LOSER and m.status != MatchStatus.VOID}
    takes_loser |= {m.source2 for m in matches if m.outcome2 == Outcome.LOSER and m.status != MatchStatus.VOID}
    standing: dict[int, float] = {}
    for match in played:
        standing.setdefault(match.winner_id, -1)
        if match.code not in takes_loser:
            standing[match.loser_id] = stage_order[(match.bracket, match.round)]
        if match.bracket == Bracket.THIRD_PLACE:
            standing[match.winner_id], standing[match.loser_id] = final_key - 0.25, final_key - 0.5
    standing[final.winner_id] = final_key + 1
    # Never knocked out but not the champion (double elimination without a grand final): just below.
    for player, key in standing.items():
        if key == -1:
            standing[player] = final_key + 0.5
    ordered = sorted(standing.items(), key=lambda item: -item[1])
    return [(player, 1 + sum(1 for other in standing.values() if other > key)) for player, key in ordered]


def match_detail(match: Match) -> dict:
    """One match as the bracket shows it, and its history."""
    siblings = _matches(match.tournament) if match.tournament_id else [match]
    return {
        "match": match_state(match, Links.of(siblings)),
        "history": list(match.history.select_related("actor")),
    }
