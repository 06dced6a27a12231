"""Every write of PK battles: the invitation and its answers, scoring a gift, leaving, and the end.

The end is decided by the server clock. `battle_end` settles whatever the clock says is due (an
invitation nobody answered in time, a battle whose time is up) and does nothing otherwise, so
the ETA task, the beat watchdog and clients whose countdown ran out may all call it.

Gifts and stream ends reach pk through the hooks apps.pk.apps registers with gifting and streaming,
inside their transactions; their domain_events modules write down the lock order, in which a
battle's rows come last. A battle's row is locked by every write to it, scoring included, so its
scores, its contributions and its end are serialized. Nothing here locks a stream's rows or the
wallet's, so no two orders cross.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone

from apps.core.scheduling import pending_run_started, run_after
from apps.gifting.models import Gift, GiftSend
from apps.pk import events, rules, selectors
from apps.pk.domain_events import BATTLE_FINISHED, BATTLE_INVITED
from apps.pk.errors import (
    BattleInvalid,
    HostBusy,
    HostOffline,
    InvitationClosed,
    InvitationExpired,
    NotInBattle,
)
from apps.pk.models import (
    Battle,
    BattleStatus,
    Booster,
    BoosterKind,
    Contribution,
    Duration,
    EndReason,
    Mode,
    Participant,
    ParticipantStatus,
    Result,
    Side,
    TieRule,
)
from apps.streaming.models import Status, Stream, Visibility

INVITE_SECONDS = 30
SUDDEN_DEATH_SECONDS = 60
DOUBLE_FINISH_SECONDS = 30
TEAM_SIZES = range(2, 5)
# A battle's score (SU) is read and sent at most this often, after the gifts commit, not inside
# every gift's transaction (viewers get SU at most once a second anyway: the hub coalesces it).
SCORE_PERIOD_SECONDS = 0.25


# --- Inviting and answering ------------------------------------------------------------------
def _check_lineup(*, host, mode: str, teammates: list, opponents: list) -> None:
    if mode not in Mode.values:
        raise BattleInvalid("A battle is solo or team.", field="mode")
    ours, theirs = [host.pk, *(u.pk for u in teammates)], [u.pk for u in opponents]
    if host.pk in ours[1:] or host.pk in theirs:
        raise BattleInvalid("You cannot invite yourself.", code="cannot_invite_yourself", field="opponents")
    if set(ours) & set(theirs):
        raise BattleInvalid("A host cannot be on both sides.", code="host_on_both_sides", field="opponents")
    if len(set(ours)) < len(ours) or len(set(theirs)) < len(theirs):
        raise BattleInvalid("Invite each host once.", field="opponents")
    if mode == Mode.SOLO and (teammates or len(theirs) != 1):
        raise BattleInvalid("A solo battle is you against one other host.", field="opponents")
    if mode == Mode.TEAM and not (len(ours) in TEAM_SIZES and len(theirs) in TEAM_SIZES):
        raise BattleInvalid("Teams have 2 to 4 hosts each (you count in yours).", field="opponents")


def _counted_gift(gift_id) -> Gift | None:
    if gift_id in (None, ""):
        return None
    gift = Gift.objects.on_sale().filter(pk=gift_id).first() if str(gift_id).isdigit() else None
    if gift is None:
        raise BattleInvalid("That gift is not available.", field="gift_id")
    return gift


def _live_stream(host) -> Stream:
    stream = Stream.objects.filter(creator=host, status=Status.LIVE).first()
    if stream is None:
        raise HostOffline(f"{host.public_name} is not live.")
    if stream.visibility == Visibility.PRIVATE:
        raise HostOffline(f"{host.public_name} is on a private stream; battles are watched by both audiences.")
    return stream


def _lapse_expired_invitations(*, hosts, now) -> None:
    """An invitation past its time no longer holds its hosts, even before the clock's task ran."""
    expired = Battle.objects.filter(
        status=BattleStatus.INVITED, invite_expires_at__lte=now, participants__host__in=hosts
    ).distinct()
    for battle in expired:
        battle_end(battle=battle, now=now)


@transaction.atomic
def battle_invite(
    *,
    host,
    opponents,
    teammates=(),
    mode: str = Mode.SOLO,
    duration_seconds: int = Duration.FIVE,
    gift_id=None,
    tie_rule: str = TieRule.DRAW,
    boosters_enabled: bool = False,
    now=None,
) -> Battle:
    """A live host invites another live host (solo), or teammates and a team of opponents (team).
    The invitees have INVITE_SECONDS to accept; the battle starts when the last one does."""
    now = now or timezone.now()
    teammates, opponents = list(teammates), list(opponents)
    _check_lineup(host=host, mode=mode, teammates=teammates, opponents=opponents)
    if duration_seconds not in Duration.values:
        raise BattleInvalid("A battle lasts 3, 5 or 10 minutes.", code="duration_not_offered", field="duration")
    if tie_rule not in TieRule.values:
        raise BattleInvalid("A tie is a draw or goes to sudden death.", field="tie_rule")
    gift = _counted_gift(gift_id)
    everyone = [host, *teammates, *opponents]
    if problem := rules.lineup_problem(everyone):
        raise problem
    _lapse_expired_invitations(hosts=everyone, now=now)
    streams = {user.pk: _live_stream(user) for user in everyone}
    busy = Participant.objects.filter(host__in=everyone, is_current=True).select_related("host__profile").first()
    if busy is not None:
        you = busy.host_id == host.pk
        raise HostBusy("You are in a battle already." if you else f"{busy.host.public_name} is in a battle already.")
    battle = Battle.objects.create(
        mode=mode,
        created_by=host,
        duration_seconds=duration_seconds,
        counted_gift=gift,
        tie_rule=tie_rule,
        boosters_enabled=bool(boosters_enabled),
        invite_expires_at=now + timedelta(seconds=INVITE_SECONDS),
    )
    ours, theirs = Side.objects.create(battle=battle, position=1), Side.objects.create(battle=battle, position=2)
    lineup = [(user, ours) for user in [host, *teammates]] + [(user, theirs) for user in opponents]
    participants = [
        Participant(
            battle=battle,
            side=side,
            host=user,
            stream=streams[user.pk],
            status=ParticipantStatus.ACCEPTED if user == host else ParticipantStatus.INVITED,
            responded_at=now if user == host else None,
        )
        for user, side in lineup
    ]
    try:
        with transaction.atomic():
            Participant.objects.bulk_create(participants)
    except IntegrityError:  # one of them was invited elsewhere at the same moment
        raise HostBusy("One of these hosts was just invited to another battle.") from None
    _schedule_end(battle, at=battle.invite_expires_at)
    _notify(battle)
    BATTLE_INVITED.publish(battle_id=battle.pk)
    return battle


def _locked(battle) -> Battle:
    return Battle.objects.select_for_update().get(pk=battle.pk)


def _invitation(battle: Battle, host, now) -> Participant:
    """The host's open invitation to this battle, or the reason there is none."""
    participant = battle.participants.filter(host=host).first()
    if participant is None:
        raise NotInBattle("You are not invited to this battle.")
    if battle.end_reason == EndReason.EXPIRED or (
        battle.status == BattleStatus.INVITED and now >= battle.invite_expires_at
    ):
        raise InvitationExpired("This invitation expired.")
    if battle.status != BattleStatus.INVITED:
        reason = battle.get_end_reason_display().lower() if battle.end_reason else "it has started"
        raise InvitationClosed(f"This invitation is closed: {reason}.")
    if participant.status != ParticipantStatus.INVITED:
        raise InvitationClosed(f"You have {participant.get_status_display().lower()} already.")
    return participant


def _answer(battle: Battle, host, status: str, now) -> Battle:
    """Lock the battle and record the host's answer to their open invitation."""
    battle = _locked(battle)
    participant = _invitation(battle, host, now)
    accepting = status == ParticipantStatus.ACCEPTED
    if accepting and not Stream.objects.filter(pk=participant.stream_id, status=Status.LIVE).exists():
        raise HostOffline("Your stream is not live any more.")
    if accepting and (problem := rules.lineup_problem([p.host for p in battle.participants.select_related("host")])):
        raise problem
    participant.status, participant.responded_at = status, now
    participant.save(update_fields=["status", "responded_at"])
    return battle


@transaction.atomic
def battle_accept(*, battle: Battle, host, now=None) -> Battle:
    now = now or timezone.now()
    battle = _answer(battle, host, ParticipantStatus.ACCEPTED, now)
    if not battle.participants.filter(status=ParticipantStatus.INVITED).exists():
        _start(battle, now)
    _notify(battle)
    return battle


@transaction.atomic
def battle_decline(*, battle: Battle, host, now=None) -> Battle:
    now = now or timezone.now()
    battle = _answer(battle, host, ParticipantStatus.DECLINED, now)
    _cancel(battle, reason=EndReason.DECLINED, now=now)
    return battle


def _start(battle: Battle, now) -> None:
    battle.status, battle.starts_at = BattleStatus.ACTIVE, now
    battle.ends_at = now + timedelta(seconds=battle.duration_seconds)
    battle.save(update_fields=["status", "starts_at", "ends_at"])
    if battle.boosters_enabled:
        finish = battle.ends_at - timedelta(seconds=DOUBLE_FINISH_SECONDS)
        Booster.objects.create(battle=battle, label="Double points", factor=2, starts_at=finish, ends_at=battle.ends_at)
    _schedule_end(battle, at=battle.ends_at)


def _cancel(battle: Battle, *, reason: str, now) -> None:
    battle.status, battle.ended_at, battle.end_reason = BattleStatus.CANCELLED, now, reason
    battle.save(update_fields=["status", "ended_at", "end_reason"])
    battle.participants.update(is_current=False)
    _notify(battle)


# --- Scoring ---------------------------------------------------------------------------------
def _multiplier(battle: Battle, at) -> int:
    """The biggest booster factor in force at `at` (boosters do not stack), or 1."""
    if not battle.boosters_enabled:
        return 1
    boosters = Booster.objects.filter(
        Q(battle=battle) | Q(battle__isnull=True), kind=BoosterKind.MULTIPLIER, starts_at__lte=at, ends_at__gt=at
    )
    return boosters.aggregate(factor=Max("factor"))["factor"] or 1


def battle_fighting_on(*, stream, sender, gift) -> dict | None:
    """gift_send's prepare hook: the host's place in the battle they fight on this stream, if any,
    read before the gift takes the rows every gift shares, and handed back to battle_score_gift."""
    return (
        Participant.objects.filter(
            stream_id=stream.pk, host_id=stream.creator_id, is_current=True, status=ParticipantStatus.ACCEPTED
        )
        .values("pk", "battle_id", "side_id")
        .first()
    )


def battle_score_gift(*, send: GiftSend, prepared: dict | None) -> Contribution | None:
    """gift_send's apply hook, inside its transaction: score the gift if its recipient is fighting a
    battle on this stream at the moment it was sent (`prepared`: battle_fighting_on, read earlier in
    the same transaction). Any other gift stays an ordinary gift (None). Only the contribution, its
    side's total and the battle's score version are written here; the score frame is read and sent
    after the commit (battle_score_publish)."""
    if prepared is None:
        return None
    battle = Battle.objects.select_for_update().get(pk=prepared["battle_id"])
    if not battle.is_counting_at(send.created_at) or battle.counted_gift_id not in (None, send.gift_id):
        return None
    # Read again under the lock: the host may have left while this gift waited for it.
    fighting = battle.participants.filter(pk=prepared["pk"], is_current=True, status=ParticipantStatus.ACCEPTED)
    if not fighting.exists():
        return None
    multiplier = _multiplier(battle, send.created_at)
    contribution = Contribution.objects.create(
        battle=battle,
        side_id=prepared["side_id"],
        participant_id=prepared["pk"],
        gift_send=send,
        gifter_id=None if send.is_anonymous else send.sender_id,
        coins=send.total_coins,
        multiplier=multiplier,
        points=send.total_coins * multiplier,
        created_at=send.created_at,
    )
    Side.objects.filter(pk=prepared["side_id"]).update(points=F("points") + contribution.points)
    battle.score_version += 1
    battle.save(update_fields=["score_version"])
    run_after("pk.battle_score_publish", once_key=_score_key(battle.pk), seconds=SCORE_PERIOD_SECONDS, args=[battle.pk])
    return contribution


def _score_key(battle_id) -> str:
    return f"pk.score:{battle_id}"


def battle_score_publish(*, battle_id) -> None:
    """Send the battle's score (SU) as it is now, every gift committed so far in it, to the streams
    still fighting. A battle that is over has sent its exact result already (PK)."""
    pending_run_started(_score_key(battle_id))
    battle = Battle.objects.filter(pk=battle_id, status=BattleStatus.ACTIVE).first()
    if battle is None:
        return
    streams = battle.participants.filter(is_current=True, status=ParticipantStatus.ACCEPTED).values_list(
        "stream", flat=True
    )
    events.send_score(selectors.battle_scores(battle=battle), list(streams))


# --- Leaving ---------------------------------------------------------------------------------
@transaction.atomic
def battle_leave(*, battle: Battle, host, now=None) -> Battle:
    """A host leaves: before the start it calls the battle off; during it, their side forfeits
    unless teammates remain."""
    now = now or timezone.now()
    battle = _settle(_locked(battle), now)
    participant = battle.participants.filter(host=host).first()
    if participant is None:
        raise NotInBattle("You are not in this battle.")
    if participant.is_current:  # else they are out already: left before, or the clock just ended it
        _leave(battle, participant, now)
    return battle


@transaction.atomic
def battle_leave_for_stream(*, stream: Stream, now=None) -> Battle | None:
    """stream_end's hook, inside its transaction: the stream's host leaves the battle it is in (or
    declines the invitation). Ending mid-battle is leaving it."""
    battle_id = selectors.current_battle_id(stream=stream)
    if battle_id is None:
        return None
    now = now or timezone.now()
    battle = _settle(Battle.objects.select_for_update().get(pk=battle_id), now)
    participant = battle.participants.filter(stream=stream, is_current=True).first()
    if participant is not None:
        _leave(battle, participant, now)
    return battle


def _leave(battle: Battle, participant: Participant, now) -> None:
    if battle.status == BattleStatus.INVITED:
        invited = participant.status == ParticipantStatus.INVITED
        participant.status = ParticipantStatus.DECLINED if invited else ParticipantStatus.LEFT
        participant.responded_at = participant.responded_at or now
        participant.save(update_fields=["status", "responded_at"])
        _cancel(battle, reason=EndReason.DECLINED if invited else EndReason.WITHDRAWN, now=now)
        return
    participant.status, participant.left_at, participant.is_current = ParticipantStatus.LEFT, now, False
    participant.save(update_fields=["status", "left_at", "is_current"])
    if battle.participants.filter(side=participant.side_id, status=ParticipantStatus.ACCEPTED).exists():
        _notify(battle)  # the teammates fight on
    else:
        _finish(battle, now=now, forfeited_side_id=participant.side_id)


# --- The end ---------------------------------------------------------------------------------
def _is_due(battle: Battle, now) -> bool:
    return battle.deadline is not None and now >= battle.deadline


def _settle(battle: Battle, now) -> Battle:
    """Bring a locked battle up to date with the clock."""
    if not _is_due(battle, now):
        return battle
    if battle.status == BattleStatus.INVITED:
        _cancel(battle, reason=EndReason.EXPIRED, now=now)
        return battle
    totals = _recount(battle)
    tied = len(set(totals.values())) == 1
    if tied and battle.tie_rule == TieRule.SUDDEN_DEATH and battle.overtime_starts_at is None:
        # From now, not from the regular end: gifts that came in between did not count.
        battle.overtime_starts_at, battle.ends_at = now, now + timedelta(seconds=SUDDEN_DEATH_SECONDS)
        battle.save(update_fields=["overtime_starts_at", "ends_at"])
        _schedule_end(battle, at=battle.ends_at)
        _notify(battle)
    else:
        _finish(battle, now=now, totals=totals)
    return battle


@transaction.atomic
def battle_end(*, battle: Battle, now=None) -> Battle:
    """Settle the battle by the server clock. Before its time, and once settled, does nothing."""
    return _settle(_locked(battle), now or timezone.now())


def battle_end_if_due(*, stream: Stream, now=None) -> None:
    """A client's countdown for this stream's battle ran out: settle it if the server clock agrees.
    Many clients may ask at once, so the clock is read without the lock first."""
    now = now or timezone.now()
    battle_id = selectors.current_battle_id(stream=stream)
    battle = Battle.objects.filter(pk=battle_id).first() if battle_id else None
    if battle is not None and _is_due(battle, now):
        battle_end(battle=battle, now=now)


def battles_end_overdue(*, now=None) -> int:
    """The watchdog: settle every battle and invitation past its time (a lost ETA task, a worker down)."""
    now = now or timezone.now()
    overdue = Battle.objects.filter(
        Q(status=BattleStatus.ACTIVE, ends_at__lte=now) | Q(status=BattleStatus.INVITED, invite_expires_at__lte=now)
    )
    for battle in overdue:
        battle_end(battle=battle, now=now)
    return len(overdue)


def _recount(battle: Battle) -> dict[int, int]:
    """Each side's points from its Contribution rows: exact, whatever frames were lost."""
    totals = dict.fromkeys(battle.sides.values_list("pk", flat=True), 0)
    counted = Contribution.objects.filter(battle=battle).values("side").annotate(total=Sum("points"))
    totals.update({row["side"]: row["total"] for row in counted})
    return totals


def _finish(battle: Battle, *, now, totals: dict[int, int] | None = None, forfeited_side_id=None) -> None:
    totals = totals or _recount(battle)
    if forfeited_side_id is not None:
        winner = next(side_id for side_id in totals if side_id != forfeited_side_id)
    else:
        (leader, most), (_, other) = sorted(totals.items(), key=lambda item: -item[1])
        winner = leader if most > other else None
    for side_id, points in totals.items():
        result = Result.DRAW if winner is None else Result.WIN if side_id == winner else Result.LOSS
        Side.objects.filter(pk=side_id).update(points=points, result=result)
        battle.participants.filter(side=side_id, status=ParticipantStatus.ACCEPTED).update(result=result)
    # Leaving early is a loss, whatever the teammates went on to do.
    battle.participants.filter(status=ParticipantStatus.LEFT).update(result=Result.LOSS)
    battle.participants.update(is_current=False)
    battle.status, battle.ended_at, battle.winner_id = BattleStatus.ENDED, now, winner
    battle.end_reason = EndReason.FORFEIT if forfeited_side_id is not None else EndReason.TIME
    battle.save(update_fields=["status", "ended_at", "winner", "end_reason"])
    _notify(battle)
    BATTLE_FINISHED.publish(battle_id=battle.pk)


# What a host can do to a battle they are in, by the names the pages and the API use.
HOST_ACTIONS = {"accept": battle_accept, "decline": battle_decline, "leave": battle_leave}


def _notify(battle: Battle) -> None:
    events.send_state(selectors.battle_state(battle_id=battle.pk))


def _schedule_end(battle: Battle, *, at) -> None:
    run_after("pk.battle_end", seconds=max((at - timezone.now()).total_seconds(), 0), args=[battle.pk])
