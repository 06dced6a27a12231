"""A site with the long names, long titles and full tables that make pages overflow: for the
page-fit and accessibility tests. Call it inside a test with the database (transactional_db)."""

import importlib

from django.apps import apps

from apps.accounts.models import AthleteProfile
from apps.accounts.services import follow_create, profile_update, verification_tier_grant
from apps.devices.services import device_register
from apps.gifting.models import Gift
from apps.gifting.services import gift_send
from apps.streaming.services import chat_post, stream_create
from apps.wallet.services import wallet_grant
from tests.factories import UserFactory

# Exactly 30 characters, no spaces to break at in the long part: the worst case for a one-row header.
LONG_NAME = "Maximilian Okonkwo-Vanderbilt!"


def _catalog():
    """The gifts and coin packages the migrations seed (transactional tests flush them)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    importlib.import_module("apps.wallet.migrations.0003_coin_packages").add_packages(apps, None)


def long_named_site() -> dict:
    """`me` (staff and a creator, live, with a camera, coins, gifts both ways and a long name) and
    `athlete`, whose full profile `me` follows."""
    _catalog()
    staff = UserFactory(username="fit_staff", is_staff=True)
    me = UserFactory(username="maximilian_okonkwo_v", is_staff=True, is_superuser=True)
    athlete = UserFactory(username="bartholomew_fitz")
    profile_update(profile=me.profile, data={"display_name": LONG_NAME, "bio": "Handles " * 40})
    profile_update(
        profile=athlete.profile,
        data={
            "display_name": "Bartholomew Fitzgerald-Osei ♛",
            "hometown": "Oakland, California, United States of America",
            "bio": "Left-handed shooter. " * 20,
            "social_links": {"instagram": "https://instagram.com/" + "b" * 30},
        },
    )
    # The widest badges: ELITE's crown beside the long name (set directly: a grant needs the tiers below).
    AthleteProfile.objects.filter(user=me).update(verification_tier="ELITE_VERIFIED")
    verification_tier_grant(user=athlete, tier="CELEBRITY", granted_by=staff, reason="test")
    follow_create(follower=me, creator=athlete)
    for user in (me, athlete):
        wallet_grant(user=user, amount=123_456, reason="test", granted_by=staff)
    mine = stream_create(
        creator=me,
        title="Friday night one-on-ones: call your shot, winner stays on " + "x" * 20,
        description="Live from the park. " * 10,
        category="CHALLENGE",
        tags=["1v1", "handles", "streetball"],
        go_live=True,
    )
    theirs = stream_create(creator=athlete, title="Three-point contest: 100 shots", category="TOURNAMENT", go_live=True)
    rocket = Gift.objects.get(name="Rocket").pk
    gift_send(stream=mine, sender=athlete, gift_id=rocket, quantity=3, message="For the lights! " * 5)
    gift_send(stream=theirs, sender=me, gift_id=rocket, message="Splash! " * 8)
    chat_post(stream=mine, user=athlete, content="That crossover was nasty " + "a" * 60)
    device_register(owner=me, name="Baseline camera on the north side of the court")
    return {"me": me, "athlete": athlete, "stream": mine}
