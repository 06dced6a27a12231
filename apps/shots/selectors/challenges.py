"""Reads of shot challenges: a creator's terms, a stream's open challenges, one challenge."""

from django.db.models import QuerySet

from apps.shots.models import OPEN_CHALLENGE_STATUSES, ShotChallenge, ShotChallengeSettings


def challenge_settings_for(creator_id: int) -> ShotChallengeSettings:
    """The creator's terms; the model's defaults (unsaved) until they change them."""
    found = ShotChallengeSettings.objects.filter(creator_id=creator_id).first()
    return found or ShotChallengeSettings(creator_id=creator_id)


def _with_people(challenges: QuerySet[ShotChallenge]) -> QuerySet[ShotChallenge]:
    return challenges.select_related("challenger__profile", "shot_type")


def open_challenges(*, stream) -> QuerySet[ShotChallenge]:
    """The stream's challenges still to be decided, oldest first (the order they are answered in)."""
    return _with_people(ShotChallenge.objects.filter(stream=stream, status__in=OPEN_CHALLENGE_STATUSES)).order_by("id")


def challenge_detail(*, challenge_id) -> ShotChallenge | None:
    if not isinstance(challenge_id, int):
        return None
    return _with_people(ShotChallenge.objects.select_related("stream")).filter(pk=challenge_id).first()


def challenge_reference(challenge: ShotChallenge) -> str:
    """The ledger's reference of every movement of the challenge's coins."""
    return f"shot_challenge:{challenge.pk}"
