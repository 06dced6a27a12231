"""Demo tournaments, ratings and challenges, written only through the tournaments' services (coins
through the wallet's), so the demo's books are what a real run would leave:

- a free-throw ladder played weeks ago: the same six shooters in four round robins, prizes paid, and
  enough rated matches (20 each) that /leaderboards/ shows established ratings;
- "Winter Handles Open", a 16-player double elimination live now: its first round played (results
  agreed, one disputed for the organizer's queue, one waiting for its second report) and two matches
  of the next;
- an upcoming 1v1 cup with an entry fee, a gifted entry, a sponsorship and free places, check-in not
  open yet;
- a pending challenge whose stake a friend paid, and an accepted one.

Each tournament is one transaction, skipped when a tournament of its name exists, and each challenge
is skipped when its two players have one: running the seed again changes nothing.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.tournaments.models import Challenge, Format, Match, Tournament
from apps.tournaments.services import challenges, entries, matches

LADDER_NAME = "Free-Throw Ladder: week {week}"
LADDER_WEEKS = 4
# (username, free throws a player makes out of 25 on an average night): close, so results vary.
LADDER_SHOOTERS = [
    ("swish_sasha", 19),
    ("courtvision", 19),
    ("lefty_lou", 19),
    ("midrange_mo", 18),
    ("dunkdiaries", 17),
    ("baseline_bella", 17),
]
FREE_THROWS = 25

OPEN_NAME = "Winter Handles Open"
# In seed order (no one has a 1v1 rating yet, so the seeding keeps the registration order).
OPEN_PLAYERS = [
    "courtvision",
    "splashqueen",
    "dunkdiaries",
    "stepback_sy",
    "glassbanger",
    "midrange_mo",
    "fastbreak_finn",
    "alleyoop_ana",
    "rookiebuckets",
    "postup_pete",
    "baseline_bella",
    "lefty_lou",
    "swish_sasha",
    "viewer1",
    "viewer2",
    "viewer3",
]
# Games to 11 from player 1's side, reported by both players and agreed.
OPEN_AGREED = {
    "W1-M1": [[11, 6], [11, 8]],
    "W1-M2": [[11, 9], [8, 11], [11, 7]],
    "W1-M3": [[7, 11], [11, 9], [9, 11]],
    "W1-M4": [[11, 4], [11, 5]],
    "W1-M5": [[11, 8], [12, 10]],
    "W1-M6": [[9, 11], [10, 11]],
    "W2-M1": [[11, 9], [11, 13], [11, 8]],
    "L1-M1": [[11, 7], [11, 9]],
}
# The two players' reports differ (each says they won): the organizer's queue has it.
OPEN_DISPUTED = ("W1-M7", [[11, 9], [11, 9]], [[11, 9], [9, 11], [8, 11]])
# One report in; the other player's clock runs.
OPEN_HALF_REPORTED = ("W1-M8", [[11, 5], [11, 7]])

CUP_NAME = "Sunday Run 1v1 Cup"


def seed_tournaments(users: dict[str, User], *, now: datetime | None = None) -> None:
    """The demo's tournaments and challenges; `users` by username, with coins to pay their way."""
    now = now or timezone.now()
    for week in range(1, LADDER_WEEKS + 1):
        _ladder_week(users, week=week, start_at=now - timedelta(weeks=LADDER_WEEKS + 1 - week))
    _open(users, now=now)
    _cup(users, now=now)
    _challenges(users, now=now)


def _seeded(name: str) -> bool:
    return Tournament.objects.filter(name=name).exists()


def _report(match: Match, games: list[list[int]], *, second: list[list[int]] | None = None) -> None:
    """Player 1 reports `games` (from their side); player 2 reports the same, or `second` (from player 1's
    side) when they disagree."""
    matches.match_report(match=match, reporter=match.player1, games=games)
    theirs = games if second is None else second
    matches.match_report(match=match, reporter=match.player2, games=[[b, a] for a, b in theirs])


def _ready(tournament: Tournament, code: str) -> Match:
    return Match.objects.select_related("player1", "player2").get(tournament=tournament, code=code)


@transaction.atomic
def _ladder_week(users: dict[str, User], *, week: int, start_at: datetime) -> None:
    """A round robin of the ladder's shooters, 25 free throws each per match, played out and finalized."""
    name = LADDER_NAME.format(week=week)
    if _seeded(name):
        return
    organizer = users["splashqueen"]
    ladder = entries.tournament_create(
        organizer=organizer,
        now=start_at - timedelta(days=7),
        name=name,
        game_type="FREE_THROW",
        format=Format.ROUND_ROBIN,
        capacity=len(LADDER_SHOOTERS),
        start_at=start_at,
        entry_fee=20,
        description="25 free throws each, head to head. Most makes wins; misses are on camera.",
    )
    for username, _ in LADDER_SHOOTERS:
        entries.register(tournament=ladder, player=users[username], now=start_at - timedelta(days=3))
    entries.start(tournament=ladder, by=organizer, now=start_at)
    accuracy = {users[username].pk: makes for username, makes in LADDER_SHOOTERS}
    # The same nights every time the demo is seeded.
    rng = random.Random(name)
    for match in ladder.matches.select_related("player1", "player2").order_by("round", "number"):
        _report(match, [_free_throws(rng, accuracy[match.player1_id], accuracy[match.player2_id])])
    entries.finalize(tournament=ladder, by=organizer, now=start_at + timedelta(hours=2))


def _free_throws(rng: random.Random, first: int, second: int) -> list[int]:
    """One head-to-head: each shooter's makes around their average; a tie goes to a shoot-off, won by one."""
    makes = [min(FREE_THROWS, average + rng.randint(-3, 3)) for average in (first, second)]
    if makes[0] == makes[1]:
        makes[rng.randrange(2)] += 1
    return makes


@transaction.atomic
def _open(users: dict[str, User], *, now: datetime) -> None:
    """Sixteen checked-in players, a sponsored pool, started an hour ago, its first round being played."""
    if _seeded(OPEN_NAME):
        return
    organizer = users["hooperjay"]
    start_at = now - timedelta(hours=1)
    tournament = entries.tournament_create(
        organizer=organizer,
        now=now - timedelta(days=10),
        name=OPEN_NAME,
        game_type="1V1",
        format=Format.DOUBLE_ELIMINATION,
        grand_final="reset",
        capacity=len(OPEN_PLAYERS),
        start_at=start_at,
        check_in_minutes=30,
        entry_fee=50,
        best_of=3,
        final_best_of=5,
        description="Games to 11, make it take it, call your own fouls. Lose twice and you are out.",
    )
    entries.sponsor(tournament=tournament, sponsor=organizer, coins=1000)
    for username in OPEN_PLAYERS:
        entries.register(tournament=tournament, player=users[username], now=now - timedelta(days=3))
    for username in OPEN_PLAYERS:
        entries.check_in(tournament=tournament, player=users[username], now=start_at - timedelta(minutes=20))
    entries.start(tournament=tournament, by=organizer, now=start_at)
    for code, games in OPEN_AGREED.items():
        _report(_ready(tournament, code), games)
    code, games, other_account = OPEN_DISPUTED
    _report(_ready(tournament, code), games, second=other_account)
    code, games = OPEN_HALF_REPORTED
    match = _ready(tournament, code)
    matches.match_report(match=match, reporter=match.player1, games=games)


@transaction.atomic
def _cup(users: dict[str, User], *, now: datetime) -> None:
    """Registration open, two places free; a friend paid one entry and a fan added to the pool."""
    if _seeded(CUP_NAME):
        return
    start_at = (now + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    cup = entries.tournament_create(
        organizer=users["splashqueen"],
        name=CUP_NAME,
        game_type="1V1",
        format=Format.SINGLE_ELIMINATION,
        third_place=True,
        capacity=8,
        start_at=start_at,
        check_in_minutes=60,
        entry_fee=100,
        best_of=3,
        final_best_of=5,
        description="Eight players, one court, winner takes 60% of the pool. Check in the hour before.",
        now=now,
    )
    for username in ("dunkdiaries", "stepback_sy", "glassbanger", "alleyoop_ana", "viewer3"):
        entries.register(tournament=cup, player=users[username], now=now)
    entries.register(tournament=cup, player=users["rookiebuckets"], paid_by=users["hooperjay"], now=now)
    entries.sponsor(tournament=cup, sponsor=users["viewer1"], coins=250)


def _challenges(users: dict[str, User], *, now: datetime) -> None:
    """A challenge waiting for its answer (a friend paid the challenger's stake) and one accepted."""
    rookie, hooper = users["rookiebuckets"], users["hooperjay"]
    if not Challenge.objects.filter(challenger=rookie, opponent=hooper).exists():
        challenges.challenge_create(
            challenger=rookie,
            opponent=hooper,
            game_type="1V1",
            best_of=3,
            stake=150,
            message="Run it back: games to 11, make it take it.",
            sponsor=users["viewer2"],
            now=now,
        )
    dunk, court = users["dunkdiaries"], users["courtvision"]
    if not Challenge.objects.filter(challenger=dunk, opponent=court).exists():
        with transaction.atomic():
            challenge = challenges.challenge_create(
                challenger=dunk, opponent=court, game_type="1V1", best_of=1, stake=200, message="Loser buys.", now=now
            )
            challenges.challenge_accept(challenge=challenge, player=court, now=now)
