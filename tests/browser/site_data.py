"""A site with the long names, long titles and full tables that make pages overflow: for the
page-fit and accessibility tests. Call it inside a test with the database (transactional_db)."""

import importlib

from django.apps import apps
from django.db.models import Q

from apps.accounts.models import AthleteProfile
from apps.accounts.services import follow_create, profile_update, verification_tier_grant
from apps.devices.services import device_register
from apps.gifting.models import Gift
from apps.gifting.services import gift_send
from apps.streaming.services import chat_post, stream_create
from apps.tournaments.models import MatchStatus
from apps.wallet.services import wallet_grant
from tests.factories import UserFactory
from tests.tournaments.pages_data import play, start, tournament_with

# Exactly 30 characters, no spaces to break at in the long part: the worst case for a one-row header.
LONG_NAME = "Maximilian Okonkwo-Vanderbilt!"


def _catalog():
    """The gifts and coin packages the migrations seed (transactional tests flush them)."""
    importlib.import_module("apps.gifting.migrations.0002_catalog").add_catalog(apps, None)
    importlib.import_module("apps.wallet.migrations.0003_coin_packages").add_packages(apps, None)
    importlib.import_module("apps.tournaments.migrations.0002_game_types").add_game_types(apps, None)


def _tournament(me, athlete):
    """A 60-character-named double elimination of 8 long-named players, started, one match played
    (not `me`'s, which waits for their report)."""
    players = [me, athlete, *(UserFactory(username=f"fit_player_{n}") for n in range(6))]
    for player in players[2:]:
        profile_update(profile=player.profile, data={"display_name": f"{player.username.title()} Okonkwo-Vanderbilt"})
    tournament = tournament_with(
        8, organizer=me, registered_players=players, name="The Maximilian Okonkwo-Vanderbilt Invitational Classic"
    )
    tournament.refresh_from_db()
    start(tournament)
    play(tournament.matches.filter(status=MatchStatus.READY).exclude(Q(player1=me) | Q(player2=me)).first())
    return tournament


def long_named_site() -> dict:
    """`me` (staff and a creator, live, with a camera, coins, gifts both ways and a long name),
    `athlete`, whose full profile `me` follows, and the `tournament` both play in (with a `match`)."""
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
    tournament = _tournament(me, athlete)
    my_match = tournament.matches.filter(Q(player1=me) | Q(player2=me)).get(round=1)
    return {"me": me, "athlete": athlete, "stream": mine, "tournament": tournament, "match": my_match}
