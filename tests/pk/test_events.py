"""The frames a battle sends, through the real channel layer: PK (state) and SU (score, coalesced)
to every fighting stream, the short PK notes to each host's own group, all after commit."""

import json

import pytest

from apps.pk import services
from apps.realtime.groups import user_group
from apps.streaming.events import stream_group
from tests.pk.conftest import gift, start, stream_of, time_up
from tests.realtime.helpers import GroupListener

pytestmark = pytest.mark.django_db


class Listener(GroupListener):
    def until(self, code: str) -> tuple[dict, dict]:
        """The next frame with `code` (other frames skipped), and the layer message that carried it."""
        while True:
            message = self.next_message()
            for frame in map(json.loads, message["texts"]):
                if frame["t"] == code:
                    return frame, message


def listeners_of(*hosts) -> list[Listener]:
    return [Listener(stream_group(stream_of(host).pk)) for host in hosts]


def test_gifts_move_every_stream_of_the_battle_and_the_last_frame_is_exact(
    hosts, make_fan, django_capture_on_commit_callbacks
):
    ana, bo = hosts[:2]
    fan, other = make_fan(), make_fan()
    with django_capture_on_commit_callbacks(execute=True):
        battle = start(ana, bo)
    watching = listeners_of(ana, bo)
    for sender, host, name, quantity in ((fan, bo, "Crown", 1), (other, ana, "Rocket", 2)):
        with django_capture_on_commit_callbacks(execute=True):  # each gift its own commit
            gift(sender, host, name, quantity)
    for listener in watching:
        first, message = listener.until("SU")
        assert message["coalesce"] == "SU"  # an aggregate: at most one a second per stream
        assert (first["d"]["id"], first["d"]["v"]) == (battle.pk, 1)
        latest, _ = listener.until("SU")
        assert latest["d"]["v"] == 2
        assert [(s["n"], s["pts"]) for s in latest["d"]["sides"]] == [(1, 40), (2, 50)]
        [top] = latest["d"]["sides"][1]["top"]
        assert (top["who"]["u"], top["pts"]) == (fan.username, 50)
        assert latest["d"]["end"] == int(battle.ends_at.timestamp() * 1000)

    with django_capture_on_commit_callbacks(execute=True):
        time_up(battle)
    for listener in watching:
        result, message = listener.until("PK")
        assert "coalesce" not in message  # urgent
        assert (result["d"]["s"], result["d"]["result"]) == ("ended", {"winner": 2, "reason": "time"})
        assert [s["pts"] for s in result["d"]["sides"]] == [40, 50]
        assert result["d"]["v"] == 2
        listener.close()


def test_the_start_goes_to_every_stream_and_the_hosts_hear_of_each_step(hosts, django_capture_on_commit_callbacks):
    ana, bo = hosts[:2]
    inviter, invitee = Listener(user_group(ana.pk)), Listener(user_group(bo.pk))
    with django_capture_on_commit_callbacks(execute=True):
        battle = services.battle_invite(host=ana, opponents=[bo])
    note, _ = invitee.until("PN")
    assert {k: note["d"][k] for k in ("id", "s", "you", "by")} == {
        "id": battle.pk,
        "s": "invited",
        "you": "invited",
        "by": "ana",
    }
    assert note["d"]["studio"] == f"/streams/{stream_of(bo).pk}/studio/"
    assert inviter.until("PN")[0]["d"]["you"] == "accepted"

    watching = listeners_of(ana, bo)
    with django_capture_on_commit_callbacks(execute=True):
        services.battle_accept(battle=battle, host=bo)
    for listener in watching:
        state, _ = listener.until("PK")
        assert state["d"]["s"] == "active"
        assert [[h["u"] for h in s["hosts"]] for s in state["d"]["sides"]] == [["ana"], ["bo"]]
        assert all("stream" not in h for s in state["d"]["sides"] for h in s["hosts"])  # unlisted stay unlisted
        assert state["d"]["end"] - state["d"]["start"] == 300_000
        listener.close()
    assert invitee.until("PN")[0]["d"]["s"] == "active"
    inviter.close()
    invitee.close()


def test_a_leaving_teammate_is_shown_leaving_on_every_stream(hosts, django_capture_on_commit_callbacks):
    ana, bo, cy, di, *_ = hosts
    battle = start(ana, cy, di, teammates=[bo])
    watching = listeners_of(ana, bo, cy)
    with django_capture_on_commit_callbacks(execute=True):
        services.battle_leave(battle=battle, host=ana)
    for listener in watching:  # the one who left too: their page takes the bar down
        state, _ = listener.until("PK")
        statuses = {h["u"]: h["st"] for s in state["d"]["sides"] for h in s["hosts"]}
        assert (state["d"]["s"], statuses["ana"], statuses["bo"]) == ("active", "left", "accepted")
        listener.close()


def test_nothing_goes_out_when_the_gift_fails(hosts, make_fan, django_capture_on_commit_callbacks):
    from apps.wallet.errors import InsufficientCoins

    ana, bo = hosts[:2]
    battle = start(ana, bo)
    poor = make_fan(coins=10)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InsufficientCoins):
        gift(poor, ana, "Crown")
    assert callbacks == []
    battle.refresh_from_db()
    assert battle.score_version == 0


def test_a_burst_of_gifts_queues_one_score_run_that_counts_them_all(
    hosts, make_fan, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from apps.pk import tasks

    ana, bo = hosts[:2]
    battle = start(ana, bo)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []  # stands in for the broker: the runs queued, not yet run
    monkeypatch.setattr(tasks.battle_score_publish_task, "apply_async", lambda args, **options: queued.append(args))
    fan = make_fan()
    for host, name in ((ana, "Rose"), (bo, "Star"), (ana, "Diamond")):
        with django_capture_on_commit_callbacks(execute=True):
            gift(fan, host, name)
    assert queued == [[battle.pk]]

    watching = listeners_of(ana, bo)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.battle_score_publish_task(*queued.pop())
    for listener in watching:
        score, _ = listener.until("SU")
        assert (score["d"]["v"], [s["pts"] for s in score["d"]["sides"]]) == (3, [11, 5])
        listener.close()
    # That run has started: the next gift queues the next one.
    with django_capture_on_commit_callbacks(execute=True):
        gift(fan, bo, "Rose")
    assert queued == [[battle.pk]]
    tasks.battle_score_publish_task(*queued.pop())  # nothing left pending for a later test's battle
