"""Moderators' actions on users: timeouts, bans, warnings, shadow hides and the platform ban, and
lifting them. Each runs in one transaction: it asks the rules first (nothing is written when they
refuse), writes the restriction and its audit row, then runs `hooks.on_restricted` (streaming tells
the user's open sockets at once). `channel` is the creator whose streams it is about.

The effect is read, not scheduled: a timeout ends when its `ends_at` passes (rules.restriction_problem
compares it with the clock), so nothing has to run at its end."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.restrictions import audit, hooks
from apps.restrictions.errors import AlreadyBanned, CannotRestrict, NotRestricted, RestrictionInvalid
from apps.restrictions.models import TIMEOUT_MAX_SECONDS, Restriction, RestrictionKind
from apps.restrictions.rules import (
    is_channel_moderator,
    is_platform_moderator,
    moderate_problem,
    platform_moderate_problem,
)
from apps.restrictions.selectors import safety_for

# Escalating penalties (a channel setting): within this window a second timeout doubles, a third
# (and any after) lasts at least ESCALATED_SECONDS. Timeouts lifted (undone: an appeal) do not count.
ESCALATION_WINDOW = timedelta(hours=24)
ESCALATED_SECONDS = 24 * 3600
REASON_MAX_LENGTH = Restriction._meta.get_field("reason").max_length


def _reason(reason, *, required: bool = False) -> str:
    if reason is None:
        reason = ""
    if not isinstance(reason, str) or len(reason.strip()) > REASON_MAX_LENGTH:
        raise RestrictionInvalid(f"A reason is at most {REASON_MAX_LENGTH} characters.", field="reason")
    if required and not reason.strip():
        raise RestrictionInvalid("Say why: the user reads it.", field="reason")
    return reason.strip()


def _within_reach(*, actor, channel, user) -> None:
    """Refuse (nothing written) unless `actor` moderates `channel` and `user` is theirs to restrict:
    never oneself, the channel's creator or a platform moderator; a channel moderator, only by the
    creator or a platform moderator."""
    if problem := moderate_problem(actor, channel.pk):
        raise problem
    if user.pk == actor.pk:
        raise CannotRestrict("You cannot restrict yourself.")
    if user.pk == channel.pk:
        raise CannotRestrict("The channel's creator cannot be restricted in their own channel.")
    if is_platform_moderator(user):
        raise CannotRestrict("Platform moderators cannot be restricted.")
    outranks = actor.pk == channel.pk or is_platform_moderator(actor)
    if not outranks and is_channel_moderator(user, channel.pk):
        raise CannotRestrict("Only the creator or a platform moderator can restrict one of the channel's moderators.")


def _escalated(*, channel, user, seconds: int, now) -> int:
    if not safety_for(channel.pk).escalating_penalties:
        return seconds
    earlier = Restriction.objects.filter(
        user=user,
        channel=channel,
        kind=RestrictionKind.TIMEOUT,
        created_at__gt=now - ESCALATION_WINDOW,
        lifted_at__isnull=True,
    ).count()
    if earlier == 0:
        return seconds
    if earlier == 1:
        return min(seconds * 2, TIMEOUT_MAX_SECONDS)
    return max(seconds, ESCALATED_SECONDS)


def _standing(*, user, channel, kind):
    return Restriction.objects.select_for_update().filter(user=user, channel=channel, kind=kind, lifted_at__isnull=True)


def _lift(restriction: Restriction, *, by, now) -> None:
    restriction.lifted_at, restriction.lifted_by = now, by
    restriction.save(update_fields=["lifted_at", "lifted_by"])


def _create_once(**fields) -> Restriction:
    """A ban or shadow hide, refused when one stands already (the database's unique constraint
    decides between two moderators acting at once)."""
    try:
        with transaction.atomic():
            return Restriction.objects.create(**fields)
    except IntegrityError:
        raise AlreadyBanned("That user is already banned." if fields["kind"] == RestrictionKind.BAN
                            else "That user is already hidden.") from None  # fmt: skip


@transaction.atomic
def timeout(*, actor, channel, user, seconds, reason="") -> Restriction:
    """Keep `user` out of the channel's chat (and gifts with messages, PK) for `seconds`; a new
    timeout replaces one still running (a short one ends a long one early)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= TIMEOUT_MAX_SECONDS:
        raise RestrictionInvalid(
            f"A timeout lasts 1 second to {TIMEOUT_MAX_SECONDS // 86400} days ({TIMEOUT_MAX_SECONDS} seconds).",
            field="seconds",
        )
    reason = _reason(reason)
    _within_reach(actor=actor, channel=channel, user=user)
    now = timezone.now()
    lasts = _escalated(channel=channel, user=user, seconds=seconds, now=now)
    # The running one ends now (not lifted: lifting is undoing, and a lifted timeout does not escalate).
    _standing(user=user, channel=channel, kind=RestrictionKind.TIMEOUT).filter(ends_at__gt=now).update(ends_at=now)
    restriction = Restriction.objects.create(
        user=user, channel=channel, kind=RestrictionKind.TIMEOUT, reason=reason, created_by=actor, created_at=now,
        ends_at=now + timedelta(seconds=lasts),
    )  # fmt: skip
    audit.record(actor=actor, action="timeout", user=user, channel=channel, target=f"restriction:{restriction.pk}",
                 reason=reason, seconds=lasts, requested_seconds=seconds)  # fmt: skip
    hooks.restricted(restriction)
    return restriction


@transaction.atomic
def ban(*, actor, channel, user, reason="") -> Restriction:
    """Ban `user` from the channel until lifted; their earlier messages on its open streams are
    hidden for everyone. Already banned: 409 `already_banned`, nothing written."""
    reason = _reason(reason)
    _within_reach(actor=actor, channel=channel, user=user)
    restriction = _create_once(user=user, channel=channel, kind=RestrictionKind.BAN, reason=reason, created_by=actor,
                               created_at=timezone.now())  # fmt: skip
    audit.record(actor=actor, action="ban", user=user, channel=channel, target=f"restriction:{restriction.pk}",
                 reason=reason)  # fmt: skip
    hooks.restricted(restriction)
    return restriction


@transaction.atomic
def unban(*, actor, channel, user, reason="") -> Restriction:
    reason = _reason(reason)
    if problem := moderate_problem(actor, channel.pk):
        raise problem
    restriction = _standing(user=user, channel=channel, kind=RestrictionKind.BAN).first()
    if restriction is None:
        raise NotRestricted("That user is not banned from this channel.")
    return _lifted(restriction, actor=actor, action="unban", reason=reason)


@transaction.atomic
def warn(*, actor, channel, user, reason) -> Restriction:
    """A warning the user must acknowledge before they chat in the channel again."""
    reason = _reason(reason, required=True)
    _within_reach(actor=actor, channel=channel, user=user)
    restriction = Restriction.objects.create(user=user, channel=channel, kind=RestrictionKind.WARNING, reason=reason,
                                             created_by=actor, created_at=timezone.now())  # fmt: skip
    audit.record(actor=actor, action="warn", user=user, channel=channel, target=f"restriction:{restriction.pk}",
                 reason=reason)  # fmt: skip
    hooks.restricted(restriction)
    return restriction


@transaction.atomic
def acknowledge_warning(*, user, channel) -> list[Restriction]:
    """The warned user read their warnings in the channel: they may chat again."""
    now = timezone.now()
    pending = list(
        _standing(user=user, channel=channel, kind=RestrictionKind.WARNING).filter(acknowledged_at__isnull=True)
    )
    if not pending:
        raise NotRestricted("You have no warning to acknowledge here.")
    for warning in pending:
        warning.acknowledged_at = now
        warning.save(update_fields=["acknowledged_at"])
        audit.record(actor=user, action="warning_acknowledged", user=user, channel=channel,
                     target=f"restriction:{warning.pk}")  # fmt: skip
        hooks.restricted(warning)
    return pending


@transaction.atomic
def shadow_hide(*, actor, channel, user, reason="") -> Restriction:
    """The user's messages reach only themselves and moderators, and nobody tells them. `channel`
    None: everywhere (platform moderators only)."""
    reason = _reason(reason)
    if channel is None:
        _platform_reach(actor=actor, user=user)
    else:
        _within_reach(actor=actor, channel=channel, user=user)
    restriction = _create_once(user=user, channel=channel, kind=RestrictionKind.SHADOW, reason=reason,
                               created_by=actor, created_at=timezone.now())  # fmt: skip
    audit.record(actor=actor, action="shadow_hide", user=user, channel=channel, target=f"restriction:{restriction.pk}",
                 reason=reason)  # fmt: skip
    hooks.restricted(restriction)
    return restriction


@transaction.atomic
def shadow_unhide(*, actor, channel, user, reason="") -> Restriction:
    reason = _reason(reason)
    if problem := platform_moderate_problem(actor) if channel is None else moderate_problem(actor, channel.pk):
        raise problem
    restriction = _standing(user=user, channel=channel, kind=RestrictionKind.SHADOW).first()
    if restriction is None:
        raise NotRestricted("That user is not hidden.")
    return _lifted(restriction, actor=actor, action="shadow_unhide", reason=reason)


def _platform_reach(*, actor, user) -> None:
    if problem := platform_moderate_problem(actor):
        raise problem
    if user.pk == actor.pk:
        raise CannotRestrict("You cannot restrict yourself.")
    if is_platform_moderator(user):
        raise CannotRestrict("Platform moderators cannot be restricted.")


def _sign_out_everywhere(user) -> None:
    """End every session of `user` and revoke their API token. Sessions name their user only inside
    their encoded data, so each unexpired one is read (a platform ban is rare)."""
    Token.objects.filter(user=user).delete()
    theirs = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data")
        .iterator(chunk_size=2000)
        if session.get_decoded().get("_auth_user_id") == theirs
    ]  # fmt: skip
    Session.objects.filter(session_key__in=keys).delete()


@transaction.atomic
def platform_ban(*, actor, user, reason) -> Restriction:
    """Ban `user` everywhere (platform moderators only): signed out (sessions and API token gone),
    unable to sign in again (the account is made inactive, which every sign-in path checks), their
    open sockets closed, their camera's ingest dropped (devices refuse an inactive owner), and their
    earlier messages on open streams hidden."""
    reason = _reason(reason, required=True)
    _platform_reach(actor=actor, user=user)
    restriction = _create_once(user=user, channel=None, kind=RestrictionKind.BAN, reason=reason, created_by=actor,
                               created_at=timezone.now())  # fmt: skip
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    _sign_out_everywhere(user)
    audit.record(actor=actor, action="platform_ban", user=user, target=f"restriction:{restriction.pk}", reason=reason)
    hooks.restricted(restriction)
    return restriction


@transaction.atomic
def platform_unban(*, actor, user, reason="") -> Restriction:
    reason = _reason(reason)
    if problem := platform_moderate_problem(actor):
        raise problem
    restriction = _standing(user=user, channel=None, kind=RestrictionKind.BAN).first()
    if restriction is None:
        raise NotRestricted("That user is not banned.")
    return _lifted(restriction, actor=actor, action="platform_unban", reason=reason)


@transaction.atomic
def lift(*, actor, restriction: Restriction, reason="") -> Restriction:
    """End any standing restriction early (an appeal approved, a mistake): by a moderator of its
    channel, or a platform moderator for platform-wide ones."""
    reason = _reason(reason)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if problem := (
        platform_moderate_problem(actor) if restriction.channel_id is None
        else moderate_problem(actor, restriction.channel_id)
    ):  # fmt: skip
        raise problem
    if restriction.lifted_at is not None or (restriction.ends_at and restriction.ends_at <= timezone.now()):
        raise NotRestricted("That restriction has ended already.")
    return _lifted(restriction, actor=actor, action=f"lift_{restriction.kind}", reason=reason)


def _lifted(restriction: Restriction, *, actor, action: str, reason: str) -> Restriction:
    _lift(restriction, by=actor, now=timezone.now())
    if restriction.channel_id is None and restriction.kind == RestrictionKind.BAN:
        get_user_model().objects.filter(pk=restriction.user_id).update(is_active=True)
    audit.record(actor=actor, action=action, user=restriction.user, channel=restriction.channel,
                 target=f"restriction:{restriction.pk}", reason=reason)  # fmt: skip
    hooks.restricted(restriction)
    return restriction
