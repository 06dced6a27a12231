"""Every write of paid shot challenges: a viewer's challenge and its coins in escrow, the creator's
answer, the attempt (recorded by the shot tracker and paid to the creator, made or missed), the
creator's terms, and the expiry of challenges not attempted in time.

Every coin moves through apps.wallet.services under the reference "shot_challenge:<id>", with an
idempotency key per movement, so a retried answer or sweep pays once. A challenge whose time ran out
is expired by whatever touches it first: the beat task, or an answer that came too late, which is
refused after the expiry (and its refund) is committed.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from apps.core.bounds import column_range, text_limit
from apps.restrictions import automod
from apps.shots import challenge_events as events
from apps.shots import rules
from apps.shots.errors import NotScorekeeper, ShotChallengeInvalid
from apps.shots.models import (
    OPEN_CHALLENGE_STATUSES,
    SHOT_CHALLENGE_WINDOW,
    ShotChallenge,
    ShotChallengeSettings,
    ShotChallengeStatus,
    ShotType,
)
from apps.shots.selectors.challenges import challenge_reference, challenge_settings_for
from apps.shots.services.tracker import shot_record
from apps.streaming.rules import is_moderator
from apps.wallet import services as wallet

TEXT_MAX_LENGTH = text_limit(ShotChallenge, "text")
COINS_MAX = column_range(ShotChallenge, "coins")[1]
MIN_COINS_MIN, MIN_COINS_MAX = column_range(ShotChallengeSettings, "min_coins")


def _key(challenge: ShotChallenge, movement: str) -> str:
    return f"{challenge_reference(challenge)}:{movement}"


def _shot_type(code) -> ShotType:
    kind = ShotType.objects.filter(code=code, active=True).first() if isinstance(code, str) else None
    if kind is None:
        raise ShotChallengeInvalid("That kind of shot is not tracked.", field="type")
    return kind


# --- The creator's terms ---------------------------------------------------------------------
def challenge_settings_update(*, creator, by, enabled: bool, min_coins: int) -> ShotChallengeSettings:
    """The creator takes challenges or not, and from how many coins."""
    if not (by and by.is_authenticated and by.pk == creator.pk):
        raise NotScorekeeper("Only the creator sets the terms of their shot challenges.")
    if isinstance(min_coins, bool) or not isinstance(min_coins, int) or not MIN_COINS_MIN <= min_coins <= MIN_COINS_MAX:
        raise ShotChallengeInvalid(f"The minimum is {MIN_COINS_MIN} to {MIN_COINS_MAX:,} coins.", field="min_coins")
    terms, _ = ShotChallengeSettings.objects.update_or_create(
        creator=creator, defaults={"enabled": bool(enabled), "min_coins": min_coins}
    )
    return terms


# --- A viewer's challenge --------------------------------------------------------------------
def _check_text(stream, challenger, text) -> str:
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ShotChallengeInvalid("Say which shot you challenge the creator to.", field="text")
    if len(text) > TEXT_MAX_LENGTH:
        raise ShotChallengeInvalid(f"The challenge is at most {TEXT_MAX_LENGTH} characters.", field="text")
    # Shown on the stream like chat: what AutoMod would hold there is refused before coins move (the
    # channel's team is not filtered, as in chat).
    if automod.check_message(stream.creator_id, text) and not is_moderator(stream, challenger):
        raise ShotChallengeInvalid("The channel's chat filter holds this text: change it.", field="text")
    return text


def _check_coins(stream, coins) -> int:
    minimum = challenge_settings_for(stream.creator_id).min_coins
    if isinstance(coins, bool) or not isinstance(coins, int) or not minimum <= coins <= COINS_MAX:
        raise ShotChallengeInvalid(f"A shot challenge here costs {minimum:,} to {COINS_MAX:,} coins.", field="coins")
    return coins


@transaction.atomic
def shot_challenge_create(*, stream, challenger, text, coins, shot_type=None) -> ShotChallenge:
    """`challenger` pays `coins` into escrow to challenge the stream's creator to a shot (`shot_type`:
    the code of the kind asked for, if any). Raises InsufficientCoins, having written nothing, when
    they cannot afford it."""
    if problem := rules.shot_challenge_problem(stream, challenger):
        raise problem
    text = _check_text(stream, challenger, text)
    coins = _check_coins(stream, coins)
    kind = _shot_type(shot_type) if shot_type else None
    challenge = ShotChallenge.objects.create(
        stream=stream,
        challenger=challenger,
        creator_id=stream.creator_id,
        text=text,
        coins=coins,
        shot_type=kind,
        expires_at=timezone.now() + SHOT_CHALLENGE_WINDOW,
    )
    wallet.escrow_hold(
        payer=challenger,
        amount=coins,
        reference=challenge_reference(challenge),
        idempotency_key=_key(challenge, "hold"),
        memo="Shot challenge",
    )
    events.send_challenge(challenge)
    return challenge


# --- Answers, the attempt, expiry ------------------------------------------------------------
def _locked(challenge_id: int) -> ShotChallenge:
    related = ShotChallenge.objects.select_related("stream", "challenger__profile", "shot_type")
    return related.select_for_update(of=("self",)).get(pk=challenge_id)


def _refund(challenge: ShotChallenge, *, status: str, now, by=None) -> None:
    """End an open challenge unattempted: its coins go back in full."""
    challenge.status, challenge.decided_at = status, now
    challenge.save(update_fields=["status", "decided_at"])
    wallet.escrow_refund(
        to=challenge.challenger,
        amount=challenge.coins,
        reference=challenge_reference(challenge),
        idempotency_key=_key(challenge, "refund"),
        initiated_by=by,
        memo=f"Shot challenge {challenge.get_status_display().lower()}",
    )
    events.send_challenge(challenge)


def _expire_due(challenges, now) -> int:
    """Expire, each in its own transaction, the open ones among `challenges` whose time ran out."""
    due = challenges.filter(status__in=OPEN_CHALLENGE_STATUSES, expires_at__lte=now).values_list("pk", flat=True)
    expired = 0
    for challenge_id in list(due):
        with transaction.atomic():
            challenge = _locked(challenge_id)
            if challenge.status in OPEN_CHALLENGE_STATUSES and now >= challenge.expires_at:
                _refund(challenge, status=ShotChallengeStatus.EXPIRED, now=now)
                expired += 1
    return expired


def shot_challenges_expire(now=None) -> int:
    """Beat's sweep: every challenge not attempted in time is expired and refunded."""
    return _expire_due(ShotChallenge.objects.all(), now or timezone.now())


def _act(challenge: ShotChallenge, *, by, attempt: bool, action) -> ShotChallenge:
    """Run `action` on the locked challenge if the rule finds nothing against `by` doing it. A
    challenge whose time ran out is expired first, in a transaction of its own, so the refund stands
    while the late answer is refused."""
    now = timezone.now()
    _expire_due(ShotChallenge.objects.filter(pk=challenge.pk), now)
    with transaction.atomic():
        challenge = _locked(challenge.pk)
        if problem := rules.shot_challenge_answer_problem(challenge, by, accepted=attempt):
            raise problem
        action(challenge, now=now)
    return challenge


def _accept(challenge: ShotChallenge, *, now) -> None:
    challenge.status, challenge.decided_at = ShotChallengeStatus.ACCEPTED, now
    challenge.save(update_fields=["status", "decided_at"])
    events.send_challenge(challenge)


def shot_challenge_accept(*, challenge: ShotChallenge, by) -> ShotChallenge:
    """The creator (or a channel moderator) takes the challenge up; it is still to be attempted before
    it expires."""
    return _act(challenge, by=by, attempt=False, action=_accept)


def shot_challenge_decline(*, challenge: ShotChallenge, by) -> ShotChallenge:
    """The creator (or a channel moderator) says no: the coins go back in full."""
    return _act(challenge, by=by, attempt=False, action=partial(_refund, status=ShotChallengeStatus.DECLINED, by=by))


def shot_challenge_attempt(*, challenge: ShotChallenge, by, made: bool, shot_type=None) -> ShotChallenge:
    """The accepted challenge was attempted: the shot is recorded by the tracker (as `shot_type`, a
    code, or the kind the challenger named) and the coins are paid to the creator with the usual
    split, made or missed (the viewer paid for the attempt), all in one transaction."""
    if not isinstance(made, bool):
        raise ShotChallengeInvalid("Say whether the shot was made.", field="made")

    def attempt(challenge: ShotChallenge, *, now) -> None:
        code = shot_type or (challenge.shot_type.code if challenge.shot_type else None)
        if code is None:
            raise ShotChallengeInvalid("Say which kind of shot it was.", field="type")
        # The tracker judges the kind of shot and who may record it, as for any shot.
        challenge.shot = shot_record(stream=challenge.stream, by=by, shot_type=code, made=made)
        challenge.status, challenge.made, challenge.decided_at = ShotChallengeStatus.ATTEMPTED, made, now
        challenge.save(update_fields=["shot", "status", "made", "decided_at"])
        wallet.escrow_pay_creator(
            creator=challenge.creator,
            amount=challenge.coins,
            reference=challenge_reference(challenge),
            idempotency_key=_key(challenge, "attempt"),
            initiated_by=by,
        )
        events.send_challenge(challenge)

    return _act(challenge, by=by, attempt=True, action=attempt)


# What the channel's team can do to a challenge, by the names the pages and the API use.
TEAM_ACTIONS = {"accept": shot_challenge_accept, "decline": shot_challenge_decline}
