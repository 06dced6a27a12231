"""Reads of PK battles, shared by the API, the pages, the sockets and the frames: a battle's
live state, the battle a stream or a host is in, and a host's record and history."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import MINIMAL_FIELDS, profile_visible_fields
from apps.pk.models import Battle, BattleStatus, Booster, Contribution, Participant, ParticipantStatus, Result, Side
from apps.streaming.models import Status, Stream, Visibility

TOP_GIFTERS = 3
RECENT_BATTLES = 10
CHALLENGEABLE_HOSTS = 50


@dataclass(frozen=True)
class Gifter:
    user: User | None  # None: the side's anonymous gifts, pooled
    points: int


@dataclass(frozen=True)
class SideState:
    side: Side
    participants: list[Participant]
    top: list[Gifter]

    @property
    def mvp(self) -> Gifter | None:
        return self.top[0] if self.top else None

    @property
    def title(self) -> str:
        """A solo side is its host; a team is Team A or Team B."""
        if len(self.participants) == 1:
            return self.participants[0].host.public_name
        return self.side.label


@dataclass(frozen=True)
class BattleState:
    battle: Battle
    sides: list[SideState]
    boosters: list[Booster] = field(default_factory=list)

    @property
    def participants(self) -> list[Participant]:
        return [p for side in self.sides for p in side.participants]

    @property
    def winner(self) -> SideState | None:
        return next((s for s in self.sides if s.side.pk == self.battle.winner_id), None)

    def participant_of(self, user) -> Participant | None:
        return next((p for p in self.participants if p.host_id == getattr(user, "pk", None)), None)


def top_gifters(*, battle: Battle, sides) -> dict[int, list[Gifter]]:
    """Each side's top gifters by points; on equal points, whoever got there first."""
    ranked = {
        side.pk: list(
            Contribution.objects.filter(battle=battle, side=side)
            .values("gifter")
            .annotate(total=Sum("points"), last=Max("id"))
            .order_by("-total", "last")[:TOP_GIFTERS]
        )
        for side in sides
    }
    ids = {row["gifter"] for rows in ranked.values() for row in rows if row["gifter"]}
    users = User.objects.select_related("profile").in_bulk(ids) if ids else {}
    return {
        side_id: [Gifter(users.get(row["gifter"]), row["total"]) for row in rows] for side_id, rows in ranked.items()
    }


def _boosters(battle: Battle) -> list[Booster]:
    """The battle's own boosters and the staff-scheduled events that overlap it."""
    if not (battle.boosters_enabled and battle.starts_at):
        return []
    events = Q(battle__isnull=True, starts_at__lt=battle.ends_at, ends_at__gt=battle.starts_at)
    return list(Booster.objects.filter(Q(battle=battle) | events))


def battle_scores(*, battle: Battle) -> BattleState:
    """Just the score: each side's total and top gifters (what an `SU` frame carries)."""
    sides = list(battle.sides.all())
    top = top_gifters(battle=battle, sides=sides)
    return BattleState(battle=battle, sides=[SideState(side, [], top[side.pk]) for side in sides])


def _state(battle: Battle) -> BattleState:
    by_side = defaultdict(list)
    for participant in battle.participants.all():
        by_side[participant.side_id].append(participant)
    scores = battle_scores(battle=battle)
    return BattleState(
        battle=battle,
        sides=[SideState(s.side, by_side[s.side.pk], s.top) for s in scores.sides],
        boosters=_boosters(battle),
    )


def _battles():
    participants = Participant.objects.select_related("host__profile", "stream").order_by("id")
    return Battle.objects.select_related("counted_gift", "created_by__profile").prefetch_related(
        "sides", Prefetch("participants", queryset=participants)
    )


def battle_state(*, battle_id) -> BattleState | None:
    battle = _battles().filter(pk=battle_id).first()
    return _state(battle) if battle else None


def stream_battle(*, stream) -> BattleState | None:
    """The battle the stream is fighting now, if any (what its viewers see)."""
    battle = _battles().filter(
        status=BattleStatus.ACTIVE,
        participants__stream=stream,
        participants__is_current=True,
        participants__status=ParticipantStatus.ACCEPTED,
    )
    battle = battle.first()
    return _state(battle) if battle else None


def host_battle(*, host, now=None) -> BattleState | None:
    """The battle a host is in or invited to (what their studio shows). An invitation past its
    time counts as lapsed, whether or not the clock's task has marked it yet."""
    now = now or timezone.now()
    open_now = Q(status=BattleStatus.ACTIVE) | Q(status=BattleStatus.INVITED, invite_expires_at__gt=now)
    battle = _battles().filter(open_now, participants__host=host, participants__is_current=True).first()
    return _state(battle) if battle else None


def current_battle_id(*, stream) -> int | None:
    return Participant.objects.filter(stream=stream, is_current=True).values_list("battle_id", flat=True).first()


def challengeable_streams(*, host) -> list[Stream]:
    """Other hosts' live streams that could be invited now (public or unlisted, not in a battle)."""
    busy = Participant.objects.filter(is_current=True).values("host")
    return list(
        Stream.objects.filter(status=Status.LIVE)
        .exclude(visibility=Visibility.PRIVATE)
        .exclude(creator=host)
        .exclude(creator__in=busy)
        .select_related("creator__profile")
        .order_by("-current_viewers", "started_at")[:CHALLENGEABLE_HOSTS]
    )


@dataclass(frozen=True)
class Record:
    wins: int
    losses: int
    draws: int

    @property
    def battles(self) -> int:
        return self.wins + self.losses + self.draws


def history_visible(*, user, viewer) -> bool:
    """A host's PK record shows where their profile does (`user` with its profile loaded)."""
    return profile_visible_fields(profile=user.profile, viewer=viewer) != MINIMAL_FIELDS


def pk_record(*, user) -> Record:
    counts = (
        Participant.objects.filter(host=user)
        .exclude(result="")
        .aggregate(
            wins=Count("pk", filter=Q(result=Result.WIN)),
            losses=Count("pk", filter=Q(result=Result.LOSS)),
            draws=Count("pk", filter=Q(result=Result.DRAW)),
        )
    )
    return Record(**counts)


@dataclass(frozen=True)
class PastBattle:
    """One of a host's ended battles, from their side of it."""

    battle: Battle
    result: str
    mine: Side
    theirs: Side
    opponents: list[User]

    @property
    def result_label(self) -> str:
        return Result(self.result).label


def recent_battles(*, user, limit: int = RECENT_BATTLES) -> list[PastBattle]:
    mine = list(
        Participant.objects.filter(host=user, battle__status=BattleStatus.ENDED)
        .select_related("battle", "side")
        .prefetch_related(
            "battle__sides",
            Prefetch("battle__participants", queryset=Participant.objects.select_related("host__profile")),
        )
        .order_by("-battle__ended_at")[:limit]
    )
    history = []
    for participant in mine:
        battle = participant.battle
        theirs = next(side for side in battle.sides.all() if side.pk != participant.side_id)
        opponents = [p.host for p in battle.participants.all() if p.side_id == theirs.pk]
        history.append(PastBattle(battle, participant.result, participant.side, theirs, opponents))
    return history
