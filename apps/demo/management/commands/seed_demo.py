"""Demo data for the embedded default: people, coins, past broadcasts with chat, gifts and stats,
upcoming streams, tournaments, ratings and challenges (apps/demo/tournaments.py), and a moderated
channel (apps/demo/moderation.py). Idempotent: running it again changes nothing."""

from datetime import timedelta
from functools import cached_property
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.tiers import Tier
from apps.demo.moderation import seed_moderation
from apps.demo.shots import seed_shots
from apps.demo.tournaments import seed_tournaments
from apps.gifting import services as gifting
from apps.gifting.models import Gift
from apps.notifications.models import Notification
from apps.restrictions.rules import PLATFORM_MODERATORS_GROUP
from apps.streaming import services as streaming
from apps.streaming.models import Stream, StreamViewer
from apps.wallet import services as wallet
from apps.wallet.selectors import balance_of

DEMO_PASSWORD = "ballskill-demo"

CREATORS = [
    # username, display name, first, last, tier, profile details
    (
        "hooperjay",
        "Hooper Jay",
        "Jay",
        "Reed",
        Tier.CELEBRITY,
        {
            "position": "PG",
            "highest_level_played": "PROFESSIONAL",
            "hometown": "Chicago, IL",
            "height_inches": 74,
            "bio": "Handles, step-backs and live 1v1s every Friday.",
        },
    ),
    (
        "splashqueen",
        "Splash Queen",
        "Maya",
        "Okafor",
        Tier.ELITE_VERIFIED,
        {
            "position": "SG",
            "highest_level_played": "COLLEGE_D1",
            "hometown": "Atlanta, GA",
            "height_inches": 70,
            "bio": "Shooting coach. 3-point contests and form breakdowns.",
        },
    ),
    (
        "courtvision",
        "Court Vision",
        "Luis",
        "Moreno",
        Tier.PREMIUM_VERIFIED,
        {
            "position": "SF",
            "highest_level_played": "SEMI_PRO",
            "hometown": "Phoenix, AZ",
            "height_inches": 78,
            "bio": "Film study and passing drills from the baseline cam.",
        },
    ),
    (
        "dunkdiaries",
        "Dunk Diaries",
        "Tre",
        "Williams",
        Tier.BASIC_VERIFIED,
        {
            "position": "PF",
            "highest_level_played": "HIGH_SCHOOL",
            "hometown": "Houston, TX",
            "height_inches": 76,
            "bio": "Vertical training journal. Road to the 360.",
        },
    ),
    (
        "rookiebuckets",
        "Rookie Buckets",
        "Sam",
        "Lee",
        Tier.UNVERIFIED,
        {
            "position": "C",
            "highest_level_played": "RECREATIONAL",
            "hometown": "Portland, OR",
            "height_inches": 80,
            "bio": "Just started streaming my pickup runs.",
        },
    ),
]
VIEWERS = ["viewer1", "viewer2", "viewer3"]
# Players who fill the demo's brackets: username, display name.
PLAYERS = [
    ("lefty_lou", "Lefty Lou"),
    ("glassbanger", "Glass Banger"),
    ("stepback_sy", "Stepback Sy"),
    ("baseline_bella", "Baseline Bella"),
    ("midrange_mo", "Midrange Mo"),
    ("fastbreak_finn", "Fastbreak Finn"),
    ("alleyoop_ana", "Alley-Oop Ana"),
    ("postup_pete", "Post-Up Pete"),
    ("swish_sasha", "Swish Sasha"),
]
STAFF = "staff"
# A platform moderator who is neither staff nor superuser: what the moderation desk looks like to one.
MODERATOR = "moderator"
VIEWER_COINS = 5000
# Creators and players pay entry fees and stakes from these.
PLAYER_COINS = 2000
CHAT = [
    ("viewer1", "Let's gooo 🏀"),
    ("viewer2", "That crossover was nasty"),
    ("viewer3", "@hooperjay teach the hesi next!"),
    ("viewer1", "Cash 💦"),
]


def avatar_png(username: str, *, initials: str) -> ContentFile:
    """A round initials avatar, coloured from the username, so demo profiles have photos."""
    hue = sum(username.encode()) % 360
    image = Image.new("RGB", (256, 256), f"hsl({hue}, 45%, 22%)")
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 240, 240), fill=f"hsl({hue}, 70%, 52%)")
    font = ImageFont.load_default(size=104)
    draw.text((128, 128), initials, fill="white", font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{username}.png")


# username: (sponsor, its link); the logos are drawn here and uploaded like any other.
SPONSORS = {
    "hooperjay": [("Court Kings", "https://courtkings.example/"), ("Swish Hydration", "")],
    "splashqueen": [("Net Gains Gym", "https://netgains.example/")],
}


def logo_png(name: str) -> ContentFile:
    """A wordmark for a demo sponsor, so demo profiles show uploaded logos."""
    hue = (sum(name.encode()) * 7) % 360
    image = Image.new("RGB", (240, 80), f"hsl({hue}, 55%, 30%)")
    draw = ImageDraw.Draw(image)
    draw.text((120, 40), name, fill="white", font=ImageFont.load_default(size=24), anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


class Command(BaseCommand):
    help = "Load demo creators, viewers and a staff user (idempotent) and print their logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            staff = self._user(STAFF, is_staff=True, is_superuser=True)
            moderators = Group.objects.get(name=PLATFORM_MODERATORS_GROUP)
            for username in (STAFF, MODERATOR):
                self._user(username).groups.add(moderators)
            creators = []
            for username, display, first, last, tier, details in CREATORS:
                user = self._user(username)
                profile = user.profile
                if not profile.display_name:
                    services.profile_update(
                        profile=profile,
                        data={
                            "display_name": display,
                            "real_first_name": first,
                            "real_last_name": last,
                            "photo": avatar_png(username, initials=first[0] + last[0]),
                            **details,
                        },
                    )
                if not profile.sponsor_logos.exists():
                    for sponsor, link in SPONSORS.get(username, []):
                        services.sponsor_add(profile=profile, name=sponsor, image=logo_png(sponsor), link=link)
                if tier != Tier.UNVERIFIED and profile.verification_tier != tier:
                    services.verification_tier_grant(user=user, tier=tier, granted_by=staff, reason="Demo data")
                creators.append(user)
            viewers = []
            for username in VIEWERS:
                viewer = self._user(username)
                for creator in creators[:3]:
                    services.follow_create(follower=viewer, creator=creator)
                if balance_of(user=viewer) == 0:
                    wallet.wallet_grant(user=viewer, amount=VIEWER_COINS, reason="Demo coins", granted_by=staff)
                viewers.append(viewer)
            players = []
            for username, display in PLAYERS:
                player = self._user(username)
                if not player.profile.display_name:
                    services.profile_update(profile=player.profile, data={"display_name": display})
                players.append(player)
            for user in creators + players:
                if balance_of(user=user) == 0:
                    wallet.wallet_grant(user=user, amount=PLAYER_COINS, reason="Demo coins", granted_by=staff)
        # Outside that transaction: a gift is a transaction of its own, never nested (gift_send).
        self._streams(creators, {v.username: v for v in viewers})
        # Read again: the tiers granted above are in the database, not in these users' loaded profiles.
        everyone = User.objects.select_related("profile").filter(
            pk__in=[u.pk for u in [staff, *creators, *viewers, *players]]
        )
        seed_tournaments({user.username: user for user in everyone})
        seed_moderation({user.username: user for user in everyone})

        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        self.stdout.write(f"  staff (admin at /admin/): {STAFF}")
        self.stdout.write(f"  platform moderator: {MODERATOR} (and {STAFF})")
        self.stdout.write("  creators: " + ", ".join(c[0] for c in CREATORS))
        self.stdout.write("  viewers:  " + ", ".join(VIEWERS))
        self.stdout.write("  players:  " + ", ".join(username for username, _ in PLAYERS))

    def _streams(self, creators: list[User], viewers: dict[str, User]) -> None:
        """Past broadcasts with their chat, gifts and stats, and upcoming ones. No demo stream is
        live: a live stream with no encoder publishing would be a page with no picture."""
        hooper, splash, court = creators[:3]
        audience = list(viewers.values())
        if not Stream.objects.filter(creator=hooper).exists():
            self._past_broadcast(
                creator=hooper,
                audience=audience,
                minutes=75,
                chat=[(viewers[username], text) for username, text in CHAT],
                gifts=[(viewers["viewer2"], "Basketball", "For the lights!"), (viewers["viewer1"], "Rocket", "")],
                title="Friday night 1v1s — call your shot",
                description="Live from the park. Winner stays on.",
                category="CHALLENGE",
                tags=["1v1", "handles"],
                donation_goal_title="New court lights",
                donation_goal_target=2000,
                scored=True,
            )
            streaming.stream_create(
                creator=hooper,
                title="Friday night 1v1s: the rematch",
                description="Last week's losers get first call.",
                category="CHALLENGE",
                tags=["1v1", "handles"],
                scheduled_for=timezone.now() + timedelta(days=3),
            )
        if not Stream.objects.filter(creator=splash).exists():
            streaming.stream_create(
                creator=splash,
                title="3-point contest: 100 shots, 5 racks",
                category="TOURNAMENT",
                tags=["shooting"],
                scheduled_for=timezone.now() + timedelta(days=1),
            )
        if not Stream.objects.filter(creator=court).exists():
            self._past_broadcast(
                creator=court,
                audience=audience[2:],
                minutes=40,
                chat=[(viewers["viewer3"], "Great breakdown")],
                gifts=[(viewers["viewer3"], "Star", "")],
                title="Baseline cam: passing reads",
                category="COACHING",
            )

    def _past_broadcast(
        self, *, creator: User, audience: list[User], minutes: int, chat, gifts, scored: bool = False, **fields
    ) -> Stream:
        """A broadcast that ran for `minutes` until now, watched by `audience` throughout, then ended
        and summed up as every stream is (duration, peak viewers, messages, watch time); `scored`:
        its shots were tracked."""
        stream = streaming.stream_create(creator=creator, go_live=True, **fields)
        for viewer in audience:
            key = streaming.viewer_key_for(stream=stream, user=viewer)
            streaming.viewer_join(stream=stream, viewer_key=key, user=viewer, socket=True)
        # Demo time: it went live `minutes` ago, its audience with it.
        started = timezone.now() - timedelta(minutes=minutes)
        Stream.objects.filter(pk=stream.pk).update(started_at=started)
        StreamViewer.objects.filter(stream=stream).update(joined_at=started, present_since=started)
        # Its followers heard it went live then too, not as the demo was seeded.
        Notification.objects.filter(url=reverse("streaming:watch", args=[stream.pk])).update(created_at=started)
        for viewer, text in chat:
            streaming.chat_post(stream=stream, user=viewer, content=text)
        for sender, gift, message in gifts:
            gifting.gift_send(stream=stream, sender=sender, gift_id=Gift.objects.get(name=gift).pk, message=message)
        if scored:
            seed_shots(stream)
        streaming.stream_end(stream=stream, by=creator)
        # The summary's task runs after commit; the demo has it now, whatever the task queue does.
        return streaming.stream_stats_compute(stream_id=stream.pk)

    def _user(self, username: str, **flags) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@demo.ballskill.live", **flags)
            user.password = self._password_hash
            user.save(update_fields=["password"])
        return user

    @cached_property
    def _password_hash(self) -> str:
        """DEMO_PASSWORD hashed once for every demo user: hashing it for each takes a moment each."""
        return make_password(DEMO_PASSWORD)
