"""Demo moderation, written only through the services, so the moderators' desk has something to
show: hooperjay appoints viewer2 to moderate their channel, sets AutoMod to level 2, blocks
"ballhog*" and turns on escalating penalties; viewer3's line in the upcoming rematch's chat is held
for review; viewer1 reported a line of the last broadcast. Skipped once hooperjay has a moderator:
running the seed again changes nothing."""

from django.db import transaction

from apps.accounts.models import User
from apps.moderation.models import ReportReason, TargetType
from apps.moderation.services.reports import report_create
from apps.restrictions.models import ChannelModerator
from apps.restrictions.services import channel as channel_settings
from apps.restrictions.services import filter as word_filter
from apps.restrictions.services import roles
from apps.streaming import services as streaming
from apps.streaming.models import ChatMessage, Status, Stream

HELD_LINE = "what a ballhog, pass the rock"


def seed_moderation(users: dict[str, User]) -> None:
    hooper, mod, reporter, chatter = (users[name] for name in ("hooperjay", "viewer2", "viewer1", "viewer3"))
    if ChannelModerator.objects.filter(creator=hooper).exists():
        return
    with transaction.atomic():
        roles.moderator_add(actor=hooper, channel=hooper, user=mod)
        word_filter.automod_update(actor=hooper, channel=hooper, level=2)
        word_filter.term_add(actor=hooper, channel=hooper, text="ballhog*")
        channel_settings.safety_update(actor=hooper, channel=hooper, escalating_penalties=True)
    upcoming = Stream.objects.filter(creator=hooper, status=Status.SCHEDULED).first()
    if upcoming is not None:
        streaming.chat_post(stream=upcoming, user=chatter, content=HELD_LINE)
    reported = ChatMessage.objects.filter(stream__creator=hooper, user=users["viewer3"]).order_by("id").first()
    if reported is not None:
        report_create(
            reporter=reporter,
            target_type=TargetType.MESSAGE,
            target_id=str(reported.pk),
            reason=ReportReason.SPAM,
            text="Keeps tagging the host.",
        )
