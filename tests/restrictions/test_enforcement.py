"""Restrictions beyond chat: gifts (a ban refuses every gift; a timeout or pending warning, gifts
with a message), PK battles between hosts restricted in each other's channels, and a platform-banned
creator's camera (refused at publish, dropped at the next update)."""

import importlib

import pytest
from django.apps import apps

from apps.devices.models import Angle
from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.pk import services as pk
from apps.pk.errors import HostRestricted
from apps.restrictions.errors import Banned, TimedOut, WarningPending
from apps.restrictions.services import actions
from apps.wallet import services as wallet
from tests.devices.helpers import Nginx, register
from tests.factories import PlatformModeratorFactory, UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rose(db):
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    return Gift.objects.get(name="Rose").pk


@pytest.fixture
def fan(db):
    fan = UserFactory()
    wallet.wallet_grant(user=fan, amount=1000, reason="test", granted_by=PlatformModeratorFactory())
    return fan


def _gift(stream, fan, rose, message=""):
    return gifting.gift_send(stream=stream, sender=fan, gift_id=rose, message=message)


def test_a_timed_out_fan_may_send_gifts_but_not_messages_with_them(stream, fan, rose):
    actions.timeout(actor=stream.creator, channel=stream.creator, user=fan, seconds=600, reason="Caps")
    assert _gift(stream, fan, rose).pk
    with pytest.raises(TimedOut) as refused:
        _gift(stream, fan, rose, message="LOUD")
    assert (refused.value.code, refused.value.status) == ("timed_out", 403)
    assert _gift(stream, fan, rose, message="   ").pk  # no message after all


def test_a_fan_with_a_pending_warning_may_not_send_a_message_with_a_gift(stream, fan, rose):
    actions.warn(actor=stream.creator, channel=stream.creator, user=fan, reason="Be kind")
    with pytest.raises(WarningPending) as refused:
        _gift(stream, fan, rose, message="hi")
    assert refused.value.code == "warning_pending"
    actions.acknowledge_warning(user=fan, channel=stream.creator)
    assert _gift(stream, fan, rose, message="hi").pk


def test_a_banned_fan_may_send_no_gift_there(stream, fan, rose):
    actions.ban(actor=stream.creator, channel=stream.creator, user=fan, reason="Hate")
    with pytest.raises(Banned) as refused:
        _gift(stream, fan, rose)
    assert (refused.value.code, refused.value.reason) == ("banned", "Hate")
    assert _gift(LiveStreamFactory(), fan, rose).pk  # elsewhere they may


@pytest.fixture
def hosts(db):
    return [LiveStreamFactory().creator for _ in range(3)]


@pytest.mark.parametrize("restrict", ["ban", "timeout"])
@pytest.mark.parametrize("who", ["inviter", "invitee"])
def test_hosts_restricted_in_each_others_channels_cannot_battle(hosts, restrict, who):
    host, rival, _ = hosts
    restricted, channel = (host, rival) if who == "inviter" else (rival, host)
    if restrict == "ban":
        actions.ban(actor=channel, channel=channel, user=restricted)
    else:
        actions.timeout(actor=channel, channel=channel, user=restricted, seconds=600)
    with pytest.raises(HostRestricted) as refused:
        pk.battle_invite(host=host, opponents=[rival])
    assert (refused.value.code, refused.value.status) == ("host_restricted", 403)
    assert restricted.public_name in refused.value.detail
    pk.battle_invite(host=host, opponents=[hosts[2]])  # another rival is fine


def test_a_restriction_made_after_the_invitation_refuses_its_acceptance(hosts):
    host, rival, _ = hosts
    battle = pk.battle_invite(host=host, opponents=[rival])
    actions.ban(actor=host, channel=host, user=rival)
    with pytest.raises(HostRestricted) as refused:
        pk.battle_accept(battle=battle, host=rival)
    assert refused.value.code == "host_restricted"


def test_a_platform_banned_creators_camera_is_dropped_and_cannot_publish_again():
    nginx = Nginx()
    device, key = register()
    assert nginx.publish(key, client_id=5).status_code == 302
    assert nginx.update(key, 5).status_code == 200
    actions.platform_ban(actor=PlatformModeratorFactory(), user=device.owner, reason="Stolen streams")
    angle = Angle.objects.get()
    for response in (
        nginx.update(key, 5),
        nginx.update(angle.playback_name, 6, call="update_play"),
        nginx.publish(key),
    ):
        assert (response.status_code, response.content.decode().split(":")[0]) == (403, "owner_banned")
