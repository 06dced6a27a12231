"""Whole PK battles through the services: exact scores, the counting rule, boosters, tie rules,
forfeits, the clock's edges, and refusals that write nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.gifting.models import Gift, GiftSend
from apps.pk import selectors, services
from apps.pk.errors import (
    BattleInvalid,
    HostBusy,
    HostOffline,
    InvitationClosed,
    InvitationExpired,
    NotInBattle,
)
from apps.pk.models import Battle, BattleStatus, Booster, Contribution, EndReason, Participant, Result, Side
from apps.pk.tasks import battle_end_task, end_overdue_battles_task
from apps.streaming import services as streaming
from apps.streaming.models import Stream
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.pk.conftest import at_second, gift, start, stream_of, time_up

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]


def points(battle: Battle) -> list[int]:
    return list(Side.objects.filter(battle=battle).order_by("position").values_list("points", flat=True))


def results(battle: Battle) -> dict[str, str]:
    return dict(Participant.objects.filter(battle=battle).values_list("host__username", "result"))


# --- Whole battles -------------------------------------------------------------------------------
def test_a_solo_battle_scores_every_gift_and_the_side_with_more_points_wins(hosts, make_fan):
    ana, bo = hosts[:2]
    fans = [make_fan() for _ in range(3)]
    battle = start(ana, bo)
    assert (battle.status, battle.ends_at - battle.starts_at) == (BattleStatus.ACTIVE, timedelta(minutes=5))
    gift(fans[0], ana, "Crown", 2)  # 100
    gift(fans[1], ana, "Rose", 7)  # 7
    gift(fans[2], bo, "Rocket", 3)  # 60
    gift(fans[1], bo, "Diamond")  # 10
    assert points(battle) == [107, 70]
    battle = time_up(battle)
    assert (battle.status, battle.end_reason, battle.winner.position) == ("ended", "time", 1)
    assert points(battle) == [107, 70]
    assert results(battle) == {"ana": "win", "bo": "loss"}
    state = selectors.battle_state(battle_id=battle.pk)
    assert [(s.mvp.user, s.mvp.points) for s in state.sides] == [(fans[0], 100), (fans[2], 60)]
    assert [[g.points for g in s.top] for s in state.sides] == [[100, 7], [60, 10]]
    # The gifts paid as usual: scoring moves no coins.
    assert balance_of(user=fans[0]) == 10_000 - 100
    assert not Participant.objects.filter(is_current=True).exists()


def test_a_team_battle_adds_up_each_teams_hosts(hosts, make_fan):
    ana, bo, cy, di, ed, _ = hosts
    fan = make_fan()
    battle = start(ana, cy, di, ed, teammates=[bo])
    assert battle.mode == "team"
    sides = {p.host.username: p.side.position for p in Participant.objects.filter(battle=battle)}
    assert sides == {"ana": 1, "bo": 1, "cy": 2, "di": 2, "ed": 2}
    gift(fan, ana, "Crown")  # 50
    gift(fan, bo, "Crown")  # 50
    gift(fan, cy, "Rocket")  # 20
    gift(fan, di, "Rocket")  # 20
    gift(fan, ed, "Crown")  # 50
    assert points(battle) == [100, 90]
    battle = time_up(battle)
    assert battle.winner.position == 1
    assert results(battle) == {"ana": "win", "bo": "win", "cy": "loss", "di": "loss", "ed": "loss"}
    assert Contribution.objects.filter(battle=battle).count() == 5


def test_the_battle_starts_only_when_every_invitee_has_accepted(hosts):
    ana, bo, cy, di, *_ = hosts
    battle = services.battle_invite(host=ana, mode="team", teammates=[bo], opponents=[cy, di])
    services.battle_accept(battle=battle, host=bo)
    services.battle_accept(battle=battle, host=cy)
    battle.refresh_from_db()
    assert (battle.status, battle.starts_at) == ("invited", None)
    services.battle_accept(battle=battle, host=di)
    battle.refresh_from_db()
    assert battle.status == "active"


def test_one_chosen_gift_only(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo, gift_id=Gift.objects.get(name="Heart").pk)
    gift(fan, ana, "Crown")
    gift(fan, ana, "Heart", 3)
    gift(fan, bo, "Rose", 50)
    assert points(battle) == [6, 0]
    assert GiftSend.objects.count() == 3  # the others stay ordinary gifts


def test_a_gift_to_a_host_not_in_a_battle_is_an_ordinary_gift(hosts, fan):
    ana, bo, cy = hosts[:3]
    battle = start(ana, bo)
    send = gift(fan, cy, "Crown")
    assert not Contribution.objects.exists()
    assert send.total_coins == 50
    assert points(battle) == [0, 0]


def test_an_anonymous_gift_scores_and_pools_as_anonymous(hosts, make_fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    shy, bold = make_fan(), make_fan()
    gift(shy, ana, "Crown", is_anonymous=True)
    gift(bold, ana, "Rocket")
    top = selectors.battle_state(battle_id=battle.pk).sides[0].top
    assert [(g.user, g.points) for g in top] == [(None, 50), (bold, 20)]


# --- Boosters -------------------------------------------------------------------------------------
def test_double_points_in_the_last_30_seconds_when_boosters_are_on(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo, boosters_enabled=True)
    booster = Booster.objects.get(battle=battle)
    assert (booster.factor, booster.ends_at - booster.starts_at, booster.ends_at) == (
        2,
        timedelta(seconds=30),
        battle.ends_at,
    )
    gift(fan, ana, "Crown")  # early: x1
    at_second(battle, 300 - 10)
    gift(fan, ana, "Crown")  # in the last 30 s: x2
    gift(fan, bo, "Rocket")  # x2
    rows = list(Contribution.objects.order_by("id").values_list("coins", "multiplier", "points"))
    assert rows == [(50, 1, 50), (50, 2, 100), (20, 2, 40)]
    assert points(battle) == [150, 40]
    assert time_up(battle).winner.position == 1


def _event(label: str, factor: int, *, hours_from: float, hours_to: float) -> Booster:
    """A staff-scheduled booster for every battle with boosters on (no battle of its own)."""
    now = timezone.now()
    return Booster.objects.create(
        label=label, factor=factor, starts_at=now + timedelta(hours=hours_from), ends_at=now + timedelta(hours=hours_to)
    )


def test_without_boosters_nothing_doubles_not_even_a_staff_event(hosts, fan):
    _event("Friday frenzy", 3, hours_from=-1, hours_to=1)
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    assert not Booster.objects.filter(battle=battle).exists()
    at_second(battle, 295)
    gift(fan, ana, "Crown")
    assert points(battle) == [50, 0]


def test_a_staff_event_multiplies_and_boosters_do_not_stack(hosts, fan):
    _event("Friday frenzy", 3, hours_from=-1, hours_to=1)
    _event("Past event", 10, hours_from=-3, hours_to=-2)
    ana, bo = hosts[:2]
    battle = start(ana, bo, boosters_enabled=True)
    gift(fan, ana, "Rose", 10)  # the event: x3
    at_second(battle, 290)
    gift(fan, bo, "Rose", 10)  # the event's x3 and the battle's x2 in force: the biggest, x3
    assert list(Contribution.objects.order_by("id").values_list("multiplier", flat=True)) == [3, 3]
    assert points(battle) == [30, 30]
    labels = [b.label for b in selectors.battle_state(battle_id=battle.pk).boosters]
    assert sorted(labels) == ["Double points", "Friday frenzy"]


# --- Ties ------------------------------------------------------------------------------------------
def test_a_tie_is_a_draw_by_default(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, ana, "Crown")
    gift(fan, bo, "Crown")
    battle = time_up(battle)
    assert (battle.status, battle.winner) == ("ended", None)
    assert results(battle) == {"ana": "draw", "bo": "draw"}


def test_sudden_death_gives_one_more_minute_and_then_a_winner(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo, tie_rule="sudden_death")
    gift(fan, ana, "Rocket")
    gift(fan, bo, "Rocket")
    regular_end = battle.ends_at
    battle = time_up(battle)
    assert battle.status == "active"
    assert (battle.overtime_starts_at, battle.ends_at) == (regular_end, regular_end + timedelta(minutes=1))
    at_second(battle, 300 + 30)  # half-way through the extra minute
    gift(fan, bo, "Rose")
    assert points(battle) == [20, 21]
    battle = time_up(battle)
    assert (battle.status, battle.winner.position) == ("ended", 2)


def test_sudden_death_still_tied_is_a_draw(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo, tie_rule="sudden_death")
    battle = time_up(battle)  # 0 - 0
    assert battle.overtime_starts_at is not None
    battle = time_up(battle)
    assert (battle.status, battle.winner, battle.end_reason) == ("ended", None, "time")


def test_gifts_between_the_regular_end_and_sudden_death_do_not_count(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo, tie_rule="sudden_death")
    regular_end = battle.ends_at
    services.battle_end(battle=battle, now=regular_end + timedelta(seconds=5))  # the task ran 5 s late
    battle.refresh_from_db()
    assert battle.overtime_starts_at == regular_end + timedelta(seconds=5)
    at_second(battle, 302)  # after the regular end, before the extra minute began
    gift(fan, ana, "Crown")
    at_second(battle, 306)
    gift(fan, bo, "Rose")
    assert points(battle) == [0, 1]


# --- The clock --------------------------------------------------------------------------------------
def test_a_gift_a_millisecond_after_the_end_is_an_ordinary_gift(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, ana, "Rose")
    Battle.objects.filter(pk=battle.pk).update(ends_at=timezone.now() - timedelta(milliseconds=1))
    late = gift(fan, bo, "Crown")
    assert GiftSend.objects.filter(pk=late.pk, recipient=bo).exists()  # paid, and received as a gift
    assert balance_of(user=fan) == 10_000 - 51
    assert not Contribution.objects.filter(gift_send=late).exists()
    battle.refresh_from_db()
    services.battle_end(battle=battle)
    battle.refresh_from_db()
    assert (battle.winner.position, points(battle)) == (1, [1, 0])


def test_a_gift_before_the_start_does_not_count(hosts, fan):
    ana, bo = hosts[:2]
    battle = services.battle_invite(host=ana, opponents=[bo])
    gift(fan, ana, "Crown")  # invited, not started
    services.battle_accept(battle=battle, host=bo)
    assert points(battle) == [0, 0]


def test_ending_checks_the_clock_and_is_idempotent(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, ana, "Rose")
    services.battle_end(battle=battle, now=battle.ends_at - timedelta(milliseconds=1))
    battle.refresh_from_db()
    assert battle.status == "active"
    battle_end_task.delay(battle.pk)  # an ETA task running early (eager): nothing happens
    battle.refresh_from_db()
    assert battle.status == "active"
    first = time_up(battle)
    again = time_up(first)
    services.battle_end(battle=battle, now=battle.ends_at + timedelta(hours=1))
    battle.refresh_from_db()
    assert first.ended_at == again.ended_at == battle.ended_at
    assert (battle.status, battle.winner.position) == ("ended", 1)


def test_the_watchdog_ends_battles_past_their_end_and_lapses_invitations(hosts):
    ana, bo, cy, di, *_ = hosts
    overdue = start(ana, bo)
    running = start(cy, di)
    unanswered = services.battle_invite(host=hosts[4], opponents=[hosts[5]])
    at_second(overdue, 301)
    Battle.objects.filter(pk=unanswered.pk).update(invite_expires_at=timezone.now() - timedelta(seconds=1))
    assert end_overdue_battles_task() == 2
    statuses = dict(Battle.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "ended", running.pk: "active", unanswered.pk: "cancelled"}
    assert Battle.objects.get(pk=unanswered.pk).end_reason == EndReason.EXPIRED
    assert end_overdue_battles_task() == 0


def test_the_task_ends_a_battle_whose_time_is_up(hosts):
    battle = at_second(start(*hosts[:2]), 301)
    battle_end_task.delay(battle.pk)
    battle.refresh_from_db()
    assert battle.status == "ended"


# --- Leaving ------------------------------------------------------------------------------------------
def test_a_solo_host_who_leaves_forfeits_whatever_the_score(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, ana, "Crown")
    services.battle_leave(battle=battle, host=ana)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason, battle.winner.position) == ("ended", "forfeit", 2)
    assert results(battle) == {"ana": "loss", "bo": "win"}
    assert points(battle) == [50, 0]


def test_a_team_fights_on_when_a_teammate_leaves_and_forfeits_when_the_last_one_does(hosts, fan):
    ana, bo, cy, di, *_ = hosts
    battle = start(ana, cy, di, teammates=[bo])
    gift(fan, ana, "Crown")
    services.battle_leave(battle=battle, host=ana)
    battle.refresh_from_db()
    assert battle.status == "active"
    gift(fan, ana, "Crown")  # ana left: an ordinary gift now
    gift(fan, bo, "Rose")
    assert points(battle) == [51, 0]
    services.battle_leave(battle=battle, host=bo)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason, battle.winner.position) == ("ended", "forfeit", 2)
    assert results(battle) == {"ana": "loss", "bo": "loss", "cy": "win", "di": "win"}


def test_a_teammate_who_left_counts_a_loss_even_when_the_team_wins(hosts, fan):
    ana, bo, cy, di, *_ = hosts
    battle = start(ana, cy, di, teammates=[bo])
    services.battle_leave(battle=battle, host=ana)
    gift(fan, bo, "Crown")
    battle = time_up(battle)
    assert results(battle) == {"ana": "loss", "bo": "win", "cy": "loss", "di": "loss"}


def test_ending_the_stream_mid_battle_is_leaving_it(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, bo, "Crown")
    streaming.stream_end(stream=stream_of(bo), by=bo)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason, battle.winner.position) == ("ended", "forfeit", 1)


def test_ending_the_stream_declines_an_invitation(hosts):
    ana, bo = hosts[:2]
    battle = services.battle_invite(host=ana, opponents=[bo])
    streaming.stream_end(stream=stream_of(bo), by=bo)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason) == ("cancelled", "declined")
    assert not Participant.objects.filter(is_current=True).exists()


def test_leaving_after_the_time_is_up_is_the_clock_not_a_forfeit(hosts, fan):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, ana, "Crown")
    services.battle_leave(battle=battle, host=ana, now=battle.ends_at + timedelta(seconds=1))
    battle.refresh_from_db()
    assert (battle.end_reason, battle.winner.position) == ("time", 1)


def test_the_inviter_can_call_it_off_before_the_start(hosts):
    ana, bo = hosts[:2]
    battle = services.battle_invite(host=ana, opponents=[bo])
    services.battle_leave(battle=battle, host=ana)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason) == ("cancelled", "withdrawn")
    with pytest.raises(InvitationClosed):
        services.battle_accept(battle=battle, host=bo)


def test_only_a_host_in_the_battle_can_leave_it(hosts):
    battle = start(*hosts[:2])
    with pytest.raises(NotInBattle):
        services.battle_leave(battle=battle, host=hosts[2])


# --- Invitations and their answers -------------------------------------------------------------------
def test_an_invitation_lapses_after_30_seconds(hosts):
    ana, bo = hosts[:2]
    now = timezone.now()
    battle = services.battle_invite(host=ana, opponents=[bo], now=now)
    assert battle.invite_expires_at == now + timedelta(seconds=30)
    with pytest.raises(InvitationExpired):
        services.battle_accept(battle=battle, host=bo, now=now + timedelta(seconds=30))
    battle.refresh_from_db()
    assert battle.status == "invited"  # the refusal wrote nothing; the clock lapses it
    services.battle_end(battle=battle, now=now + timedelta(seconds=30))
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason) == ("cancelled", "expired")
    with pytest.raises(InvitationExpired):
        services.battle_accept(battle=battle, host=bo, now=now + timedelta(seconds=31))


def test_a_lapsed_invitation_does_not_hold_its_hosts(hosts):
    ana, bo, cy = hosts[:3]
    now = timezone.now()
    services.battle_invite(host=ana, opponents=[bo], now=now)
    later = now + timedelta(seconds=31)
    battle = services.battle_invite(host=cy, opponents=[ana], now=later)  # no task has lapsed the first yet
    assert battle.status == "invited"
    assert Battle.objects.filter(end_reason="expired").count() == 1


def test_declining_cancels_the_battle(hosts):
    ana, bo = hosts[:2]
    battle = services.battle_invite(host=ana, opponents=[bo])
    services.battle_decline(battle=battle, host=bo)
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason) == ("cancelled", "declined")
    with pytest.raises(InvitationClosed, match="declined"):
        services.battle_accept(battle=battle, host=bo)


def test_only_the_invited_can_answer(hosts):
    ana, bo, cy = hosts[:3]
    battle = services.battle_invite(host=ana, opponents=[bo])
    with pytest.raises(NotInBattle):
        services.battle_accept(battle=battle, host=cy)
    with pytest.raises(InvitationClosed):
        services.battle_accept(battle=battle, host=ana)  # the inviter is in already


def test_an_invitee_whose_stream_ended_cannot_accept(hosts):
    ana, bo = hosts[:2]
    battle = services.battle_invite(host=ana, opponents=[bo])
    Stream.objects.filter(creator=bo).update(status="ended")  # ended without the service (a crash)
    with pytest.raises(HostOffline):
        services.battle_accept(battle=battle, host=bo)
    battle.refresh_from_db()
    assert battle.status == "invited"


@pytest.mark.parametrize(
    ("lineup", "code"),
    [
        ({"opponents": ["ana"]}, "cannot_invite_yourself"),
        ({"mode": "team", "teammates": ["bo"], "opponents": ["bo", "cy"]}, "host_on_both_sides"),
        ({"mode": "team", "teammates": ["ana"], "opponents": ["bo", "cy"]}, "cannot_invite_yourself"),
        ({"opponents": ["bo", "cy"]}, "battle_invalid"),  # solo: one opponent
        ({"opponents": []}, "battle_invalid"),
        ({"mode": "team", "opponents": ["bo", "cy"]}, "battle_invalid"),  # a team of one
        ({"mode": "team", "teammates": ["bo"], "opponents": ["cy", "di", "ed", "flo", "gus"]}, "battle_invalid"),
        ({"mode": "team", "teammates": ["bo", "bo"], "opponents": ["cy", "di"]}, "battle_invalid"),
        ({"mode": "duel", "opponents": ["bo"]}, "battle_invalid"),
        ({"opponents": ["bo"], "duration_seconds": 240}, "duration_not_offered"),
        ({"opponents": ["bo"], "tie_rule": "coin_toss"}, "battle_invalid"),
        ({"opponents": ["bo"], "gift_id": 999_999}, "battle_invalid"),
    ],
)
def test_bad_invitations_are_refused_and_write_nothing(hosts, make_host, lineup, code):
    make_host("gus")
    users = {u.username: u for u in User.objects.all()}
    kwargs = {
        name: [users[n] for n in value] if name in ("opponents", "teammates") else value
        for name, value in lineup.items()
    }
    with pytest.raises(BattleInvalid) as refused:
        services.battle_invite(host=users["ana"], **kwargs)
    assert refused.value.code == code
    assert not Battle.objects.exists()


def test_an_offline_host_cannot_be_invited_nor_invite(hosts):
    ana, bo = hosts[:2]
    offline = UserFactory(username="asleep")
    with pytest.raises(HostOffline, match="asleep is not live"):
        services.battle_invite(host=ana, opponents=[offline])
    Stream.objects.filter(creator=ana).update(status="ended")
    with pytest.raises(HostOffline):
        services.battle_invite(host=ana, opponents=[bo])
    assert not Battle.objects.exists()


def test_a_private_stream_cannot_battle(hosts):
    ana, bo = hosts[:2]
    Stream.objects.filter(creator=bo).update(visibility="private")
    with pytest.raises(HostOffline, match="private"):
        services.battle_invite(host=ana, opponents=[bo])


def test_a_host_already_in_a_battle_cannot_be_invited(hosts):
    ana, bo, cy = hosts[:3]
    start(ana, bo)
    with pytest.raises(HostBusy, match="bo is in a battle"):
        services.battle_invite(host=cy, opponents=[bo])
    with pytest.raises(HostBusy, match="You are in a battle"):
        services.battle_invite(host=ana, opponents=[cy])
    services.battle_invite(host=cy, opponents=[hosts[3]])  # an invitation holds its hosts too
    with pytest.raises(HostBusy):
        services.battle_invite(host=hosts[4], opponents=[hosts[3]])
    assert Battle.objects.count() == 2


def test_a_host_can_battle_again_once_a_battle_is_over(hosts):
    ana, bo = hosts[:2]
    time_up(start(ana, bo))
    again = start(bo, ana)
    assert again.status == "active"
    assert selectors.pk_record(user=ana) == selectors.Record(wins=0, losses=0, draws=1)


def test_a_host_record_and_recent_battles(hosts, fan):
    ana, bo, cy = hosts[:3]
    first = start(ana, bo)
    gift(fan, ana, "Crown")
    time_up(first)
    second = start(cy, ana)
    gift(fan, cy, "Rose")
    services.battle_leave(battle=second, host=ana)
    third = start(ana, cy)
    time_up(third)
    assert selectors.pk_record(user=ana) == selectors.Record(wins=1, losses=1, draws=1)
    recent = selectors.recent_battles(user=ana)
    assert {p.battle.pk: (p.result, p.mine.points, p.theirs.points) for p in recent} == {
        first.pk: (Result.WIN, 50, 0),
        second.pk: (Result.LOSS, 0, 1),
        third.pk: (Result.DRAW, 0, 0),
    }
    ended = [p.battle.ended_at for p in recent]
    assert ended == sorted(ended, reverse=True)
    assert {p.battle.pk: [h.username for h in p.opponents] for p in recent}[second.pk] == ["cy"]
