"""Every write of notifications: creating them from the lower apps' moments (each once per source,
as each recipient's preferences say), reading them, preferences, and stream reminders."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Follow, User, VerificationRequest, VerificationStatus
from apps.accounts.tiers import TIERS
from apps.core.scheduling import run_after
from apps.gifting.models import GiftSend
from apps.moderation.models import Appeal, AppealStatus, Report, ReportStatus, TargetType
from apps.notifications import events
from apps.notifications.errors import PreferencesInvalid
from apps.notifications.models import (
    DEFAULT_CHANNELS,
    Kind,
    Notification,
    NotificationPreference,
    StreamReminder,
)
from apps.notifications.rules import reminder_problem
from apps.notifications.selectors import channels_for, unread_counts
from apps.pk.models import Battle, Participant, ParticipantStatus
from apps.streaming.models import Status, Stream, Visibility
from apps.streaming.rules import watch_problem
from apps.tournaments.models import Challenge, Match, MatchStatus
from apps.wallet.models import Payout, PayoutStatus

# Recipients written per transaction when one moment reaches many (a creator's followers).
FANOUT_BATCH = 1000
# How long an email's (recipient, source) is remembered, so a retried delivery sends it once.
EMAIL_ONCE_SECONDS = 7 * 24 * 3600


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = iter(ids)
    while batch := list(islice(ids, FANOUT_BATCH)):
        yield batch


def notify(
    *,
    kind: str,
    recipient_ids: Iterable[int],
    source_key: str,
    title: str,
    body: str = "",
    url: str = "",
    actor_id=None,
) -> int:
    """Tell each recipient once about one moment (`source_key`): stored for those who want it in
    the app (with an `NC` of their new unread count after commit), emailed by a Celery task to those
    who want email. A recipient who already has this source's notification gets nothing again.
    Returns how many notifications were stored."""
    stored = 0
    for batch in _batches(dict.fromkeys(recipient_ids)):
        with transaction.atomic():
            channels = channels_for(user_ids=batch, kind=kind)
            done = set(
                Notification.objects.filter(recipient_id__in=batch, source_key=source_key).values_list(
                    "recipient_id", flat=True
                )
            )
            shown = [user_id for user_id in batch if channels[user_id][0] and user_id not in done]
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=user_id,
                        kind=kind,
                        title=title[: _limit("title")],
                        body=body[: _limit("body")],
                        url=url,
                        actor_id=actor_id,
                        source_key=source_key,
                    )
                    for user_id in shown
                ],
                ignore_conflicts=True,  # a delivery running twice at once: the other one stored it
            )
            stored += len(shown)
            if shown:
                events.send_unread_counts(unread_counts(user_ids=shown))
            if emailed := [user_id for user_id in batch if channels[user_id][1] and user_id not in done]:
                run_after(
                    "notifications.send_email",
                    kwargs={
                        "recipient_ids": emailed,
                        "source_key": source_key,
                        "subject": title,
                        "body": body,
                        "url": url,
                    },
                )
    return stored


def _limit(field: str) -> int:
    return Notification._meta.get_field(field).max_length


def email_send(*, recipient_ids: list[int], source_key: str, subject: str, body: str, url: str) -> int:
    """Email one notification to those of `recipient_ids` who have an address, each once per
    source however often this runs. Returns how many were sent."""
    text = f"{body}\n\n{settings.SITE_URL}{url}\n\n" if body or url else ""
    text += f"Choose what you hear about: {settings.SITE_URL}{reverse('notifications:preferences')}"
    messages = [
        (subject, text, None, [email])
        for user_id, email in User.objects.filter(pk__in=recipient_ids).exclude(email="").values_list("pk", "email")
        if cache.add(f"notification-email:{source_key}:{user_id}", 1, timeout=EMAIL_ONCE_SECONDS)
    ]
    return send_mass_mail(messages, fail_silently=True)


# --- The moments, from the lower apps' events --------------------------------------------------
def notify_stream_started(*, stream_id) -> int:
    """A stream went live: those who asked to be reminded of it hear that it is starting, then its
    creator's followers (public streams) that they went live; one notification per user."""
    stream = Stream.objects.select_related("creator__profile").filter(pk=stream_id).first()
    if stream is None or stream.status != Status.LIVE:  # over before this ran: nothing to join
        return 0
    source, url, creator = f"stream.started:{stream.pk}", reverse("streaming:watch", args=[stream.pk]), stream.creator
    reminders = StreamReminder.objects.filter(stream=stream).select_related("user")
    open_to_all = stream.visibility == Visibility.PUBLIC and not stream.pay_per_view_cost
    reminded = [r.user_id for r in reminders if open_to_all or watch_problem(stream, r.user) is None]
    stored = notify(
        kind=Kind.STREAM_STARTING,
        recipient_ids=reminded,
        source_key=source,
        title=f"Starting now: {stream.title}",
        body=f"{creator.public_name} is live with the stream you asked to be reminded of.",
        url=url,
        actor_id=creator.pk,
    )
    StreamReminder.objects.filter(stream=stream, notified_at=None).update(notified_at=timezone.now())
    if stream.visibility != Visibility.PUBLIC:
        return stored
    followers = Follow.objects.filter(creator=creator, notify=True).exclude(
        follower_id__in=StreamReminder.objects.filter(stream=stream).values("user_id")
    )
    return stored + notify(
        kind=Kind.FOLLOWED_LIVE,
        recipient_ids=_follower_ids(followers),
        source_key=source,
        title=f"{creator.public_name} is live: {stream.title}",
        body="A creator you follow went live.",
        url=url,
        actor_id=creator.pk,
    )


def _follower_ids(follows) -> Iterator[int]:
    """The followers' ids, read a batch at a time by key (no server-side cursor: a transaction-mode
    pooler would not keep one open between the batches' transactions)."""
    after = 0
    while rows := list(follows.filter(pk__gt=after).order_by("pk").values_list("pk", "follower_id")[:FANOUT_BATCH]):
        after = rows[-1][0]
        yield from (follower_id for _, follower_id in rows)


def notify_gift(*, gift_send_id: int) -> int:
    """A gift worth at least NOTIFY_GIFT_MIN_COINS: its recipient hears who sent it (unless anonymous)."""
    send = GiftSend.objects.select_related("gift", "sender__profile", "stream").filter(pk=gift_send_id).first()
    if send is None or send.total_coins < settings.NOTIFY_GIFT_MIN_COINS:
        return 0
    sender = None if send.is_anonymous else send.sender
    quantity = f"{send.quantity}× " if send.quantity > 1 else ""
    return notify(
        kind=Kind.GIFT,
        recipient_ids=[send.recipient_id],
        source_key=f"gift.sent:{send.pk}",
        title=f"{sender.public_name if sender else 'Someone'} sent you {quantity}{send.gift.name}",
        body=f"{send.total_coins:,} coins on “{send.stream.title}”.",
        url=reverse("streaming:studio", args=[send.stream_id]),
        actor_id=sender.pk if sender else None,
    )


def notify_battle_invited(*, battle_id: int) -> int:
    """Each host a battle's creator invited hears of it, with a link to the studio they answer in."""
    battle = Battle.objects.select_related("created_by__profile").filter(pk=battle_id).first()
    if battle is None:
        return 0
    inviter = battle.created_by
    stored = 0
    for participant in Participant.objects.filter(battle=battle, status=ParticipantStatus.INVITED):
        stored += notify(
            kind=Kind.PK_INVITATION,
            recipient_ids=[participant.host_id],
            source_key=f"battle.invited:{battle.pk}",
            title=f"{inviter.public_name} challenges you to a PK battle",
            body=f"A {battle.duration_seconds // 60}-minute {battle.get_mode_display().lower()} battle. "
            "Answer in your studio before the invitation lapses.",
            url=reverse("streaming:studio", args=[participant.stream_id]),
            actor_id=inviter.pk,
        )
    return stored


def notify_challenge_received(*, challenge_id: int) -> int:
    """The challenged player hears who challenged them, for what, and where to answer."""
    challenge = Challenge.objects.select_related("challenger__profile", "game_type").filter(pk=challenge_id).first()
    if challenge is None:
        return 0
    stake = f"{challenge.stake:,} coins a side" if challenge.stake else "a friendly"
    return notify(
        kind=Kind.CHALLENGE,
        recipient_ids=[challenge.opponent_id],
        source_key=f"challenge.received:{challenge.pk}",
        title=f"{challenge.challenger.public_name} challenges you to a 1v1",
        body=f"{challenge.game_type.name}, best of {challenge.best_of}, {stake}. {challenge.message}".strip(),
        url=reverse("tournaments:challenges"),
        actor_id=challenge.challenger_id,
    )


def notify_match_ready(*, match_id: int) -> int:
    """Both players of a tournament match hear that it is ready, with a link to report it; not once it
    is being decided or over (played in the same moment, or a disqualified player's forfeit): stale news."""
    match = (
        Match.objects.select_related("tournament", "player1__profile", "player2__profile").filter(pk=match_id).first()
    )
    if match is None or match.tournament_id is None or match.status != MatchStatus.READY:
        return 0
    url = reverse("tournaments:match", args=[match.tournament_id, match.pk])
    return sum(
        notify(
            kind=Kind.MATCH_READY,
            recipient_ids=[player.pk],
            source_key=f"match.ready:{match.pk}:{match.result_version}",
            title=f"Your match against {opponent.public_name} is ready",
            body=f"{match.tournament.name}: {match.round_name}, best of {match.best_of}.",
            url=url,
        )
        for player, opponent in ((match.player1, match.player2), (match.player2, match.player1))
    )


def notify_verification_decided(*, request_id: int) -> int:
    request = VerificationRequest.objects.filter(pk=request_id).first()
    if request is None or request.status == VerificationStatus.PENDING:
        return 0
    label = TIERS[request.tier].label
    if request.status == VerificationStatus.APPROVED:
        title, body = f"You are now {label}", "Your new badge shows next to your name everywhere."
    else:
        title, body = f"Your request for {label} was not approved", request.review_reason
    return notify(
        kind=Kind.VERIFICATION,
        recipient_ids=[request.user_id],
        source_key=f"verification.decided:{request.pk}",
        title=title,
        body=body,
        url=reverse("accounts:verification"),
    )


def notify_payout(*, payout_id: int, outcome: str) -> int:
    """A payout was paid (`outcome` PAID) or failed (FAILED); each attempt's outcome once."""
    payout = Payout.objects.filter(pk=payout_id).first()
    if payout is None:
        return 0
    if outcome == PayoutStatus.PAID:
        amount = f"{payout.amount_minor / 100:,.2f} {payout.currency}"
        title, body = f"Your payout of {payout.coins:,} coins was paid", f"{amount} is on its way to you."
    else:
        title = f"Your payout of {payout.coins:,} coins failed"
        body = f"{payout.failure_reason} The coins are back in your earnings.".strip()
    return notify(
        kind=Kind.PAYOUT,
        recipient_ids=[payout.user_id],
        source_key=f"payout.{outcome}:{payout.pk}:{payout.attempts}",
        title=title,
        body=body,
        url=reverse("wallet:index"),
    )


# --- Reading ---------------------------------------------------------------------------------
@transaction.atomic
def notifications_read(*, user, ids: Iterable[int] = (), everything: bool = False) -> int:
    """Mark the user's notifications read: those of `ids` (ids of anyone else's are ignored), or
    all. The user's sockets get their new unread count after commit. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if not everything:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    if marked:
        events.send_unread_counts(unread_counts(user_ids=[user.pk]))
    return marked


# --- Preferences ------------------------------------------------------------------------------
@transaction.atomic
def preferences_update(*, user, changes: dict[str, dict[str, bool]]) -> None:
    """`changes` maps a kind to the channels to set (`in_app`, `email`); the others keep their value."""
    for kind, channels in changes.items():
        if kind not in DEFAULT_CHANNELS:
            raise PreferencesInvalid(f"Unknown kind of notification {kind!r}.", field="kind")
        if unknown := set(channels) - {"in_app", "email"}:
            raise PreferencesInvalid(f"Unknown channel {sorted(unknown)[0]!r}.", field=kind)
        current = NotificationPreference.objects.select_for_update().filter(user=user, kind=kind).first()
        in_app, email = (current.in_app, current.email) if current else DEFAULT_CHANNELS[kind]
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={"in_app": bool(channels.get("in_app", in_app)), "email": bool(channels.get("email", email))},
        )


# --- Reminders ----------------------------------------------------------------------------------
@transaction.atomic
def reminder_create(*, user, stream: Stream) -> StreamReminder:
    """ "Remind me": the user hears when this scheduled stream goes live. Asking twice is one reminder."""
    if problem := reminder_problem(stream, user):
        raise problem
    reminder, _ = StreamReminder.objects.get_or_create(user=user, stream=stream)
    return reminder


def reminder_delete(*, user, stream: Stream) -> None:
    StreamReminder.objects.filter(user=user, stream=stream).delete()


# --- Moderation: reports and appeals ------------------------------------------------------------
def _reported(report: Report) -> str:
    """What the reporter reported, in words: "a message by Ana", "Ana's profile"."""
    name = report.reported_user.public_name if report.reported_user else "someone"
    return {
        TargetType.MESSAGE: f"a chat message by {name}",
        TargetType.USER: name,
        TargetType.STREAM: f"a stream by {name}",
        TargetType.PROFILE: f"{name}'s profile",
    }[report.target_type]


def _reports(**filters):
    return Report.objects.select_related("reported_user__profile").filter(**filters)


def notify_report_received(*, report_id: int) -> int:
    """The reporter hears their report reached the moderators."""
    report = _reports(pk=report_id).first()
    if report is None:
        return 0
    return notify(
        kind=Kind.REPORT,
        recipient_ids=[report.reporter_id],
        source_key=f"report.received:{report.pk}",
        title="We received your report",
        body=f"Thank you for reporting {_reported(report)}. A moderator will look at it, "
        "and you will hear when they have.",
    )


def notify_reports_resolved(*, report_ids: list[int]) -> int:
    """Each reporter of a resolved target hears whether a moderator acted on it."""
    stored = 0
    for report in _reports(pk__in=report_ids, status=ReportStatus.RESOLVED):
        if report.action_taken:
            title, body = "We acted on your report", f"A moderator took action on {_reported(report)}. Thank you."
        else:
            title = "We reviewed your report"
            body = f"A moderator looked at {_reported(report)} and took no action this time. Thank you."
        stored += notify(
            kind=Kind.REPORT,
            recipient_ids=[report.reporter_id],
            source_key=f"report.resolved:{report.pk}",
            title=title,
            body=body,
        )
    return stored


def notify_appeal_decided(*, appeal_id: int) -> int:
    """The appellant hears the decision on their unban request, and the moderator's reason."""
    appeal = Appeal.objects.select_related("restriction__channel__profile").filter(pk=appeal_id).first()
    if appeal is None or appeal.status == AppealStatus.PENDING:
        return 0
    channel = appeal.restriction.channel
    where = f"{channel.public_name}'s channel" if channel else "Ball Skill Live"
    if appeal.status == AppealStatus.APPROVED:
        title, body = f"Your ban from {where} was lifted", appeal.decision_reason or "Your appeal was approved."
    else:
        title, body = f"Your appeal against your ban from {where} was denied", appeal.decision_reason
    return notify(
        kind=Kind.APPEAL,
        recipient_ids=[appeal.user_id],
        source_key=f"appeal.decided:{appeal.pk}",
        title=title,
        body=body,
        url=reverse("accounts:profile", args=[channel.username]) if channel else "",
    )
