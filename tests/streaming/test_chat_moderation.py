"""The chat pipeline's moderation: unique chat, shield mode and "established users only", AutoMod
holds (approve, deny, expiry), shadow-hidden authors, the mod badge, and the channel's switches.

AutoMod holds a global blocked term (`automod_holds`, tests/streaming/chat_moderation.py)."""

import json

import pytest

from apps.accounts.models import Follow
from apps.restrictions.errors import NotChannelModerator
from apps.restrictions.models import AuditEntry, ChannelModerator, ChannelSafety, Term
from apps.restrictions.services.actions import shadow_hide
from apps.restrictions.services.channel import safety_update
from apps.streaming import selectors, services, tasks
from apps.streaming.errors import ChatRateLimited, ChatRefused, HeldExpired, NotHeld
from apps.streaming.models import HELD_MESSAGE_TTL, ChatMessage, Review
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.chat_moderation import BAD_WORD, BAD_WORD_RULE, old_user
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stream():
    return LiveStreamFactory()


@pytest.fixture
def fan(stream):
    """A day-old account that has followed the creator for an hour."""
    fan = old_user()
    Follow.objects.create(follower=fan, creator=stream.creator)
    Follow.objects.filter(follower=fan).update(created_at=fan.date_joined)
    return fan


@pytest.fixture
def mod(stream):
    """A moderator the creator appointed, with a brand-new account."""
    mod = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=mod)
    return mod


def _switch(stream, **switches):
    return safety_update(actor=stream.creator, channel=stream.creator, **switches)


class Listeners:
    """Listeners on the stream's groups: everyone's, the moderators', and one user's sockets."""

    def __init__(self, stream, user):
        self.everyone = GroupListener(f"stream.{stream.pk}")
        self.mods = GroupListener(f"stream.{stream.pk}.mods")
        self.own = GroupListener(f"stream.{stream.pk}.user.{user.pk}")

    def close(self):
        for listener in (self.everyone, self.mods, self.own):
            listener.close()


@pytest.fixture
def listeners(stream, fan):
    listening = Listeners(stream, fan)
    yield listening
    listening.close()


# --- Unique chat -------------------------------------------------------------------------------
def test_unique_chat_refuses_the_same_message_within_30_seconds(stream, fan, clock):
    services.chat_post(stream=stream, user=fan, content="What a handle")
    services.chat_post(stream=stream, user=fan, content="What a handle")  # off: allowed
    _switch(stream, unique_chat=True)
    clock.advance(seconds=10)
    with pytest.raises(ChatRateLimited, match="Unique chat") as refused:
        services.chat_post(stream=stream, user=fan, content="  what a HANDLE ")
    assert refused.value.status == 429
    services.chat_post(stream=stream, user=fan, content="What a crossover")  # other words pass
    clock.advance(seconds=21)
    services.chat_post(stream=stream, user=fan, content="What a handle")  # 31 s later: new again
    assert ChatMessage.objects.filter(content__iexact="what a handle").count() == 3


def test_unique_chat_does_not_bind_the_team(stream, mod):
    _switch(stream, unique_chat=True)
    services.chat_post(stream=stream, user=mod, content="Rules: be kind")
    services.chat_post(stream=stream, user=mod, content="Rules: be kind")
    assert ChatMessage.objects.filter(user=mod).count() == 2


# --- Shield mode and established users only ------------------------------------------------------
@pytest.mark.parametrize("switch", ["shield_mode", "established_only"])
def test_established_gates_refuse_new_accounts_and_new_followers(stream, clock, switch):
    _switch(stream, **{switch: True})
    newcomer = UserFactory()  # joined now
    Follow.objects.create(follower=newcomer, creator=stream.creator)
    with pytest.raises(ChatRefused, match="less than a day old"):
        services.chat_post(stream=stream, user=newcomer, content="hi")
    veteran = old_user()
    with pytest.raises(ChatRefused, match="follow the creator"):
        services.chat_post(stream=stream, user=veteran, content="hi")
    Follow.objects.create(follower=veteran, creator=stream.creator)
    clock.advance(minutes=9)
    with pytest.raises(ChatRefused, match="1 min to go"):
        services.chat_post(stream=stream, user=veteran, content="hi")
    clock.advance(minutes=1, seconds=1)
    services.chat_post(stream=stream, user=veteran, content="hi")
    clock.advance(hours=24)
    services.chat_post(stream=stream, user=newcomer, content="a day later")


def test_the_channel_team_skips_the_shield_gates(stream, mod):
    _switch(stream, shield_mode=True)
    services.chat_post(stream=stream, user=mod, content="new account, but a moderator")
    services.chat_post(stream=stream, user=stream.creator, content="and the host")
    assert ChatMessage.objects.count() == 2


def test_shield_mode_slows_the_chat_to_10_seconds_and_restores_it_when_off(stream, fan, clock):
    services.chat_settings_update(stream=stream, by=stream.creator, slow_mode_seconds=3)
    _switch(stream, shield_mode=True)
    services.chat_post(stream=stream, user=fan, content="one")
    clock.advance(seconds=5)
    with pytest.raises(ChatRateLimited, match="Slow mode"):
        services.chat_post(stream=stream, user=fan, content="two")
    clock.advance(seconds=5)
    services.chat_post(stream=stream, user=fan, content="two")
    _switch(stream, shield_mode=False)
    clock.advance(seconds=4)
    services.chat_post(stream=stream, user=fan, content="three")  # the stream's own 3 s again
    newcomer = UserFactory()
    services.chat_post(stream=stream, user=newcomer, content="newcomers back too")


def test_switching_shield_sends_the_open_streams_status_and_writes_audit_rows(
    stream, django_capture_on_commit_callbacks
):
    scheduled = LiveStreamFactory(creator=stream.creator, status="scheduled", started_at=None)
    live_listener, scheduled_listener = GroupListener(f"stream.{stream.pk}"), GroupListener(f"stream.{scheduled.pk}")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _switch(stream, shield_mode=True, unique_chat=False)
        for listener in (live_listener, scheduled_listener):
            message = listener.next_message()
            assert message.get("refresh")  # each socket's MY comes with it: who may chat changed
            frame = json.loads(message["texts"][0])
            assert frame["t"] == "ES"
            assert frame["d"]["shield"] is True
            assert frame["d"]["slow"] == 10
    finally:
        live_listener.close()
        scheduled_listener.close()
    assert list(AuditEntry.objects.values_list("action", "actor", "channel")) == [
        ("shield.on", stream.creator.pk, stream.creator.pk)
    ]  # unique chat was off already: no row
    _switch(stream, shield_mode=False)
    assert AuditEntry.objects.first().action == "shield.off"
    assert ChannelSafety.objects.get(pk=stream.creator.pk).shield_mode is False


def test_only_the_channels_moderators_switch_its_safety(stream, fan, mod):
    with pytest.raises(NotChannelModerator):
        safety_update(actor=fan, channel=stream.creator, shield_mode=True)
    assert not ChannelSafety.objects.exists()
    assert not AuditEntry.objects.exists()
    safety_update(actor=mod, channel=stream.creator, established_only=True)
    assert ChannelSafety.objects.get(pk=stream.creator.pk).established_only
    assert AuditEntry.objects.get().action == "established_only.on"


# --- AutoMod holds -----------------------------------------------------------------------------
def _post_held(stream, fan, **kwargs):
    return services.chat_post(stream=stream, user=fan, content=f"you {BAD_WORD}", **kwargs)


@pytest.mark.usefixtures("automod_holds")
def test_a_held_message_reaches_the_moderators_and_its_author_only(
    stream, fan, listeners, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = _post_held(stream, fan)
        services.chat_post(stream=stream, user=fan, content="clean")
    assert held.review == Review.HELD
    assert held.held_rule == BAD_WORD_RULE
    # Everyone's first frame is the clean line: the held one never went to them.
    assert listeners.everyone.next_frame()["d"]["c"] == "clean"
    hm = listeners.mods.next_frame()
    assert hm["t"] == "HM"
    assert hm["d"]["id"] == held.pk
    assert hm["d"]["rule"] == held.held_rule
    assert hm["d"]["a"]["u"] == fan.username
    notice = listeners.own.next_frame()
    assert notice["t"] == "CM"
    assert notice["d"]["id"] == held.pk
    assert notice["d"]["held"] is True
    assert [m.content for m in selectors.chat_history(stream=stream)] == ["clean"]


@pytest.mark.usefixtures("automod_holds")
def test_the_team_skips_automod_and_carries_the_mod_badge(stream, mod, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = services.chat_post(stream=stream, user=mod, content=f"quoting: {BAD_WORD}")
        frame = listener.next_frame()
    finally:
        listener.close()
    assert message.review == Review.NONE
    assert frame["t"] == "CM"
    assert frame["d"]["a"]["mod"] is True


def test_the_history_badges_the_team_with_one_query(stream, fan, mod, django_assert_num_queries):
    platform = PlatformModeratorFactory()
    for author in (fan, mod, stream.creator, platform):
        services.chat_post(stream=stream, user=author, content=f"from {author.username}")
    with django_assert_num_queries(1):
        team = selectors.team_ids(channel_id=stream.creator_id)
    assert team == {mod.pk, stream.creator.pk, platform.pk}
    from apps.streaming.events import message_payload

    badges = [message_payload(m, team=team)["a"].get("mod") for m in selectors.chat_history(stream=stream)]
    assert badges == [None, True, True, True]


@pytest.mark.usefixtures("automod_holds")
def test_approving_sends_it_to_everyone_and_writes_an_audit_row(
    stream, fan, mod, listeners, django_capture_on_commit_callbacks
):
    held = _post_held(stream, fan)
    with django_capture_on_commit_callbacks(execute=True):
        services.held_approve(actor=mod, message=held)
    resolved = listeners.mods.next_frame()
    assert resolved == {"t": "HR", "ts": resolved["ts"], "d": {"id": held.pk, "review": "approved"}}
    assert listeners.own.next_frame()["t"] == "HR"  # its author's greyed line shows the outcome
    cm = listeners.everyone.next_frame()
    assert (cm["t"], cm["d"]["id"], "held" in cm["d"]) == ("CM", held.pk, False)
    held.refresh_from_db()
    assert (held.review, held.reviewed_by) == (Review.APPROVED, mod)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.user, entry.channel) == ("held.approve", mod, fan, stream.creator)
    assert entry.target == f"message:{held.pk}"
    assert entry.detail["rule"] == held.held_rule
    assert [m.pk for m in selectors.chat_history(stream=stream)] == [held.pk]
    with pytest.raises(NotHeld):
        services.held_deny(actor=mod, message=held)


@pytest.mark.usefixtures("automod_holds")
def test_denying_keeps_it_back_with_the_reason_in_the_audit_log(stream, fan):
    held = _post_held(stream, fan)
    services.held_deny(actor=stream.creator, message=held, reason="insult")
    held.refresh_from_db()
    assert held.review == Review.DENIED
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == ("held.deny", "insult")
    assert selectors.chat_history(stream=stream) == []


@pytest.mark.usefixtures("automod_holds")
def test_viewers_cannot_review_and_nothing_is_written(stream, fan):
    held = _post_held(stream, fan)
    other = old_user()
    with pytest.raises(NotChannelModerator):
        services.held_approve(actor=other, message=held)
    with pytest.raises(NotChannelModerator):
        services.held_deny(actor=fan, message=held)
    held.refresh_from_db()
    assert (held.review, held.reviewed_by) == (Review.HELD, None)
    assert not AuditEntry.objects.exists()


@pytest.mark.usefixtures("automod_holds")
def test_held_messages_expire_after_five_minutes(stream, fan, clock, listeners, django_capture_on_commit_callbacks):
    held = _post_held(stream, fan)
    clock.advance(seconds=HELD_MESSAGE_TTL.total_seconds() - 1)
    assert list(selectors.held_queue(stream.creator)) == [held]
    assert services.held_expire_overdue() == 0
    clock.advance(seconds=1)
    assert list(selectors.held_queue(stream.creator)) == []  # not reviewable, even before the sweep
    with pytest.raises(HeldExpired) as refused:
        services.held_approve(actor=stream.creator, message=held)
    assert refused.value.status == 409
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_held_messages_task() == 1
    assert listeners.mods.next_frame()["d"] == {"id": held.pk, "review": "expired"}
    held.refresh_from_db()
    assert held.review == Review.EXPIRED
    assert services.held_expire_overdue() == 0
    with pytest.raises(HeldExpired):
        services.held_approve(actor=stream.creator, message=held)
    assert not AuditEntry.objects.exists()


@pytest.mark.usefixtures("automod_holds")
def test_the_held_queue_is_each_moderators_own(stream, fan, mod):
    held_here = _post_held(stream, fan)
    elsewhere = LiveStreamFactory()
    held_there = _post_held(elsewhere, fan)
    platform = PlatformModeratorFactory()
    assert list(selectors.held_queue(platform)) == [held_here, held_there]
    assert list(selectors.held_queue(platform, channel_ids=[elsewhere.creator_id])) == [held_there]
    assert list(selectors.held_queue(mod)) == [held_here]
    assert list(selectors.held_queue(stream.creator)) == [held_here]
    assert list(selectors.held_queue(elsewhere.creator)) == [held_there]
    assert list(selectors.held_queue(fan)) == []


@pytest.mark.usefixtures("automod_holds")
def test_the_held_queue_reads_its_authors_and_streams_in_one_query(stream, fan, django_assert_num_queries):
    for n in range(3):
        services.chat_post(stream=stream, user=old_user(), content=f"{BAD_WORD} {n}")
    platform = PlatformModeratorFactory()
    platform.has_perm("restrictions.moderate_platform")  # the permission cache, read once per request
    with django_assert_num_queries(1):
        rows = [(m.user.profile.tier, m.stream.creator.username) for m in selectors.held_queue(platform)]
    assert len(rows) == 3


# --- Shadow-hidden authors -----------------------------------------------------------------------
@pytest.mark.usefixtures("automod_holds")
def test_a_shadow_hidden_authors_lines_reach_only_them_and_the_moderators(
    stream, fan, listeners, django_capture_on_commit_callbacks
):
    shadow_hide(actor=stream.creator, channel=stream.creator, user=fan)
    with django_capture_on_commit_callbacks(execute=True):
        hidden = services.chat_post(stream=stream, user=fan, content=f"spam {BAD_WORD}")
        services.chat_post(stream=stream, user=stream.creator, content="visible")
    assert (hidden.shadow, hidden.review) == (True, Review.NONE)  # not held: nobody else sees it anyway
    assert listeners.everyone.next_frame()["d"]["c"] == "visible"
    own = listeners.own.next_frame()
    assert (own["t"], own["d"]["id"]) == ("CM", hidden.pk)
    assert own["d"].keys() == {"id", "k", "c", "at", "a"}  # nothing marks it: they cannot tell
    to_mods = listeners.mods.next_frame()
    assert (to_mods["t"], to_mods["d"]["id"], to_mods["d"]["shadow"]) == ("CM", hidden.pk, True)
    assert [m.content for m in selectors.chat_history(stream=stream)] == ["visible"]


def test_the_team_is_never_shadow_hidden(stream, mod):
    shadow_hide(actor=stream.creator, channel=stream.creator, user=mod)
    assert services.chat_post(stream=stream, user=mod, content="hi").shadow is False


# --- Deleting and the cost of a message --------------------------------------------------------
def test_deleting_a_message_writes_an_audit_row(stream, fan, mod):
    message = services.chat_post(stream=stream, user=fan, content="spam")
    services.chat_delete(message=message, by=mod)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.channel, entry.target) == (
        "message.delete",
        fan,
        stream.creator,
        f"message:{message.pk}",
    )


def test_a_message_costs_a_fixed_number_of_queries_with_every_switch_on(stream, fan, clock, django_assert_num_queries):
    """The stream, the user's restrictions (shadow hides among them), the team, the safety
    settings, the follow age, the author's recent lines (flood, slow mode and unique chat at once),
    the insert, and the test's savepoint pair; AutoMod's compiled filter is kept between messages
    (no query)."""
    safety = ChannelSafety.objects.create(channel=stream.creator, automod_level=4, unique_chat=True)
    safety.shield_mode = True
    safety.save()
    Term.objects.create(channel=stream.creator, text=BAD_WORD)
    services.chat_post(stream=stream, user=fan, content="warm up")  # AutoMod compiles the channel's filter
    clock.advance(seconds=11)  # shield's slow mode
    with django_assert_num_queries(9):
        services.chat_post(stream=stream, user=fan, content="Pinned")


@pytest.mark.usefixtures("automod_holds")
def test_held_messages_enter_and_leave_the_moderators_desks(stream, fan, mod, django_capture_on_commit_callbacks):
    desks = [GroupListener("moderation.platform"), GroupListener(f"moderation.channel.{stream.creator_id}")]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            held = _post_held(stream, fan)
        for desk in desks:
            assert desk.next_frame()["d"] == {"queue": "held", "id": held.pk, "op": "add"}
        with django_capture_on_commit_callbacks(execute=True):
            services.held_deny(actor=mod, message=held)
        for desk in desks:
            assert desk.next_frame()["d"] == {"queue": "held", "id": held.pk, "op": "remove"}
    finally:
        for desk in desks:
            desk.close()
