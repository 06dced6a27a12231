"""Telling followers a creator is live (or will be): a toast on /ws/me/ either way, and an email when
a stream is scheduled. Going live is emailed (and kept in each follower's notifications) by the
subscribers of `stream.started`, as each follower's preferences say."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from apps.accounts.models import Follow
from apps.accounts.timezones import in_zone_of
from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code
from apps.streaming.models import Status, Stream


def notify_followers(*, stream: Stream) -> int:
    follows = Follow.objects.filter(creator_id=stream.creator_id, notify=True).select_related("follower__profile")
    url = settings.SITE_URL + reverse("streaming:watch", args=[stream.pk])
    creator = stream.creator.public_name
    live = stream.status == Status.LIVE
    payload = {
        "stream": str(stream.pk),
        "s": stream.status,
        "title": stream.title,
        "creator": creator,
        "url": reverse("streaming:watch", args=[stream.pk]),
    }
    subject = f"{creator} scheduled a stream: {stream.title}"
    emails = []
    for follow in follows:
        broadcast(user_group(follow.follower_id), Code.FOLLOWED_STREAM, payload)
        if follow.follower.email and not live:
            when = in_zone_of(follow.follower.profile, stream.scheduled_for) if stream.scheduled_for else "soon"
            body = f"{creator} goes live {when}.\n\n{stream.title}\n{url}\n\nYou get this because you follow {creator}."
            emails.append((subject, body, None, [follow.follower.email]))
    send_mass_mail(emails, fail_silently=True)
    return len(emails)
