"""The bracket-structure engine: pure functions from a player count to the matches of a stage.

Players are named by seed (1 is the best). Nothing here touches the database: the tournament services
turn these matches into rows, and the results engine walks the slots' sources to advance players.

Match ids are ``<bracket letter><round>-M<position>`` (W winners', L losers', G grand final, T third place,
R round robin, S Swiss; a round-robin group's matches are prefixed with its letter, as in A-R1-M1).
The position is the match's place in its round of the full power-of-two bracket, so ids
stay stable (and hints stay readable) when byes remove some matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

GrandFinal = Literal["none", "single", "reset"]
Outcome = Literal["winner", "loser"]


@dataclass(frozen=True)
class Slot:
    """One side of a match: a seed, the winner or loser of an earlier match, or a bye (neither)."""

    seed: int | None = None
    source: str | None = None
    outcome: Outcome | None = None

    @property
    def is_bye(self) -> bool:
        return self.seed is None and self.source is None

    @property
    def label(self) -> str:
        """The hint shown in the slot before a player is known."""
        if self.seed is not None:
            return f"Seed {self.seed}"
        if self.source is not None:
            return f"{str(self.outcome).capitalize()} of {self.source}"
        return "Bye"


BYE = Slot()


def _from(match_id: str, outcome: Outcome) -> Slot:
    return Slot(source=match_id, outcome=outcome)


@dataclass(frozen=True)
class Match:
    id: str
    bracket: Literal["winners", "losers", "grand_final", "third_place", "round_robin", "swiss"]
    round: int
    number: int
    round_name: str
    slots: tuple[Slot, Slot]
    # The grand-final reset: in the structure from the start, played only when needs_reset() says so.
    conditional: bool = False
    # A round robin's group, 1 for A, 2 for B...; 0 when the stage has no groups.
    group: int = 0


def bracket_size(players: int) -> int:
    """The smallest power of two that holds every player."""
    if players < 2:
        raise ValueError("A bracket needs at least 2 players.")
    size = 1
    while size < players:
        size *= 2
    return size


def seeding_order(size: int) -> list[int]:
    """Seeds in bracket order; consecutive pairs are the first round's matches.

    Each doubling pairs every seed s with (new size + 1 - s) next to it, so seed totals per match are
    constant and seeds 1 and 2 stay in opposite halves: for 8, 1 8 4 5 2 7 3 6.
    """
    if size < 2 or size & (size - 1):
        raise ValueError("A bracket size is a power of two, at least 2.")
    order = [1]
    while len(order) < size:
        doubled = 2 * len(order)
        order = [seed for top in order for seed in (top, doubled + 1 - top)]
    return order


def elimination_round_name(players_left: int) -> str:
    return {2: "Final", 4: "Semifinals", 8: "Quarterfinals"}.get(players_left, f"Round of {players_left}")


def _winners_bracket(players: int, name_round: Callable[[int, int], str]) -> list[Match]:
    """Every match of the full power-of-two bracket, byes included; name_round(round, rounds) names a round."""
    size = bracket_size(players)
    rounds = size.bit_length() - 1
    entrants = [Slot(seed=seed) if seed <= players else BYE for seed in seeding_order(size)]
    matches: list[Match] = []
    for round_number in range(1, rounds + 1):
        current = [
            Match(
                f"W{round_number}-M{i + 1}",
                "winners",
                round_number,
                i + 1,
                name_round(round_number, rounds),
                (entrants[2 * i], entrants[2 * i + 1]),
            )
            for i in range(len(entrants) // 2)
        ]
        matches += current
        entrants = [_from(match.id, "winner") for match in current]
    return matches


def _resolve_byes(matches: list[Match]) -> list[Match]:
    """Drop every match with a bye in it, sending its player (or its bye) on to where its winner goes.

    A bye's loser is a bye, so a player who drops from a removed match into the losers' bracket
    becomes a bye there, and a match of two byes passes a bye on. Matches come in dependency order.
    """
    passed_on: dict[str, tuple[Slot, Slot]] = {}  # removed match id -> (its winner, its loser)
    playable: list[Match] = []
    for match in matches:
        slots = tuple(
            passed_on[slot.source][0 if slot.outcome == "winner" else 1] if slot.source in passed_on else slot
            for slot in match.slots
        )
        first, second = slots
        if first.is_bye or second.is_bye:
            passed_on[match.id] = (second if first.is_bye else first, BYE)
        else:
            playable.append(replace(match, slots=(first, second)))
    return playable


def single_elimination(players: int, *, third_place: bool = False) -> list[Match]:
    """The playable matches: players - 1 of them, plus the semifinal losers' match with third_place."""
    matches = _winners_bracket(
        players, lambda round_number, rounds: elimination_round_name(2 ** (rounds - round_number + 1))
    )
    rounds = matches[-1].round
    if third_place and rounds >= 2:
        semifinals = [m.id for m in matches if m.round == rounds - 1]
        matches.append(
            Match(
                "T1-M1",
                "third_place",
                1,
                1,
                "Third-place match",
                (_from(semifinals[0], "loser"), _from(semifinals[1], "loser")),
            )
        )
    return _resolve_byes(matches)


def _winners_round_name(round_number: int, rounds: int) -> str:
    return "Winners' Final" if round_number == rounds else f"Winners' Round {round_number}"


def _drop_order(drop: int, dropping: list[Slot]) -> list[Slot]:
    """The order in which a winners' round's losers meet the losers' bracket, one per match.

    Reversed, then half-shifted, then both, then natural: compared by playing random brackets of
    4 to 64 out, this puts the first possible rematch as late as any mix of these orders does, and
    never in the first drop.
    """
    half = len(dropping) // 2
    if drop == 1:
        return dropping[::-1]
    if drop == 2:
        return dropping[half:] + dropping[:half]
    if drop == 3:
        return (dropping[half:] + dropping[:half])[::-1]
    return dropping


def _losers_bracket(winners: list[Match]) -> list[Match]:
    """Losers' rounds alternate: a minor round among the bracket's own players, then a major round
    where the next winners' round's losers drop in (first-round losers fill the first minor round)."""
    rounds = winners[-1].round
    losers_rounds = 2 * (rounds - 1)

    def losers_of(round_number: int) -> list[Slot]:
        return [_from(m.id, "loser") for m in winners if m.round == round_number]

    def name(round_number: int) -> str:
        return "Losers' Final" if round_number == losers_rounds else f"Losers' Round {round_number}"

    def make_round(round_number: int, pairs: list[tuple[Slot, Slot]]) -> list[Match]:
        return [
            Match(f"L{round_number}-M{i + 1}", "losers", round_number, i + 1, name(round_number), pair)
            for i, pair in enumerate(pairs)
        ]

    matches: list[Match] = []
    if rounds < 2:
        return matches
    first_losers = losers_of(1)
    current = make_round(1, list(zip(first_losers[::2], first_losers[1::2], strict=True)))
    matches += current
    for drop in range(1, rounds):
        major = 2 * drop
        dropping = _drop_order(drop, losers_of(drop + 1))
        survivors = [_from(m.id, "winner") for m in current]
        current = make_round(major, list(zip(survivors, dropping, strict=True)))
        matches += current
        if major < losers_rounds:
            survivors = [_from(m.id, "winner") for m in current]
            current = make_round(major + 1, list(zip(survivors[::2], survivors[1::2], strict=True)))
            matches += current
    return matches


def double_elimination(players: int, *, grand_final: GrandFinal = "single") -> list[Match]:
    """Winners' bracket, losers' bracket and grand final, byes resolved.

    Every playable match eliminates one player from its bracket, so there are players - 1 winners'
    matches and players - 2 losers' matches; "single" adds the grand final, "reset" also adds the
    conditional reset match.
    """
    winners = _winners_bracket(players, _winners_round_name)
    losers = _losers_bracket(winners)
    matches = winners + losers
    if grand_final != "none":
        winners_champion = _from(winners[-1].id, "winner")
        losers_champion = _from(losers[-1].id, "winner") if losers else _from(winners[-1].id, "loser")
        first = Match("G1-M1", "grand_final", 1, 1, "Grand Final", (winners_champion, losers_champion))
        matches.append(first)
        if grand_final == "reset":
            matches.append(
                Match(
                    "G2-M1",
                    "grand_final",
                    2,
                    1,
                    "Grand Final Reset",
                    (_from(first.id, "winner"), _from(first.id, "loser")),
                    conditional=True,
                )
            )
    return _resolve_byes(matches)


def needs_reset(first_final_winner_from: Literal["winners", "losers"]) -> bool:
    """The reset is played only when the losers' champion wins the first grand final: only then has
    the winners' champion lost once too."""
    return first_final_winner_from == "losers"


def round_robin(players: int) -> list[Match]:
    """Every pair once, by the circle method: seed 1 stays put and the others rotate one place a round.

    With an odd count a bye joins the circle; whoever meets it sits that round out.
    """
    if players < 2:
        raise ValueError("A round robin needs at least 2 players.")
    return _circle_method(list(range(1, players + 1)))


# A group is named by one letter.
MAX_GROUPS = 26


def group_letter(group: int) -> str:
    return chr(ord("A") + group - 1)


def round_robin_groups(players: int, groups: int) -> list[Match]:
    """A round robin in each of `groups` groups, seeds dealt out in a snake (1..G, then G..1, and so on).

    The snake spreads the strong seeds evenly and keeps group sizes within one of each other; each
    group then plays the circle method among its own seeds. Match ids carry the group's letter (A-R1-M1)
    and `group` its number (1 for A).
    """
    if not 1 <= groups <= MAX_GROUPS:
        raise ValueError(f"A round robin has from 1 to {MAX_GROUPS} groups, not {groups}.")
    if players < 2 * groups:
        raise ValueError(f"{groups} groups need at least {2 * groups} players, 2 a group.")
    members: list[list[int]] = [[] for _ in range(groups)]
    for index in range(players):
        row, column = divmod(index, groups)
        members[column if row % 2 == 0 else groups - 1 - column].append(index + 1)
    return [match for number, seeds in enumerate(members, start=1) for match in _circle_method(seeds, group=number)]


def _circle_method(seeds: list[int], *, group: int = 0) -> list[Match]:
    """The round robin of the given seeds, best first; a group's ids are prefixed with its letter."""
    prefix = f"{group_letter(group)}-" if group else ""
    circle: list[int | None] = list(seeds)
    if len(circle) % 2:
        circle.append(None)
    half = len(circle) // 2
    matches: list[Match] = []
    for round_number in range(1, len(circle)):
        pairs = [(circle[i], circle[-1 - i]) for i in range(half)]
        playing = [(a, b) for a, b in pairs if a is not None and b is not None]
        matches += [
            Match(
                f"{prefix}R{round_number}-M{i + 1}",
                "round_robin",
                round_number,
                i + 1,
                f"Round {round_number}",
                (Slot(seed=a), Slot(seed=b)),
                group=group,
            )
            for i, (a, b) in enumerate(playing)
        ]
        circle = [circle[0], circle[-1], *circle[1:-1]]
    return matches
