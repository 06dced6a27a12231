"""Who may record shots on a stream (read by the tracker's service, the scorekeeper page, the
studio's link and the API), and who may challenge its creator to a shot or answer a challenge."""

from apps.core.exceptions import ApplicationError
from apps.restrictions.rules import is_channel_moderator, restriction_problem
from apps.shots.errors import NotScorekeeper, ShotChallengeClosed, ShotChallengeRefused, StreamNotLive
from apps.shots.models import ShotChallenge, ShotChallengeSettings, ShotChallengeStatus
from apps.shots.selectors.challenges import challenge_settings_for
from apps.streaming.models import Status, Stream
from apps.streaming.rules import watch_problem


def scorekeep_problem(stream: Stream, user) -> ApplicationError | None:
    """Why `user` may not record (or undo) shots on `stream` now, or None: its creator and the
    channel's moderators keep score, and only while it is live."""
    if not is_channel_moderator(user, stream.creator_id):
        return NotScorekeeper("Only the stream's creator and its channel moderators can keep score.")
    if stream.status != Status.LIVE:
        return StreamNotLive("Shots are recorded only while the stream is live.")
    return None


# --- Shot challenges -------------------------------------------------------------------------
def shot_challenge_problem(
    stream: Stream, user, *, terms: ShotChallengeSettings | None = None
) -> ApplicationError | None:
    """Why `user` may not challenge `stream`'s creator to a shot now, or None. The text, the price and
    whether they can afford it are the service's to judge. The text is shown like chat, so every
    restriction in the channel (a timeout, a warning not acknowledged) refuses it, as a gift's message.
    `terms`: the creator's, when the caller has read them already."""
    if not (user and user.is_authenticated):
        return ShotChallengeRefused("Log in to challenge the creator to a shot.")
    if user.pk == stream.creator_id:
        return ShotChallengeRefused("You cannot challenge yourself.")
    if stream.status != Status.LIVE:
        return ShotChallengeRefused("Shot challenges open while the stream is live.")
    if not (terms or challenge_settings_for(stream.creator_id)).enabled:
        return ShotChallengeRefused("The creator is not taking shot challenges.")
    return watch_problem(stream, user) or restriction_problem(user, stream.creator_id)


def shot_challenge_answer_problem(challenge: ShotChallenge, user, *, accepted: bool) -> ApplicationError | None:
    """Why `user` may not answer (accept, decline: `accepted` False) or attempt (`accepted` True) the
    challenge now: the creator or a channel moderator, on a challenge at that step."""
    if not is_channel_moderator(user, challenge.creator_id):
        return NotScorekeeper("Only the creator and the channel's moderators answer shot challenges.")
    step = ShotChallengeStatus.ACCEPTED if accepted else ShotChallengeStatus.PENDING
    if challenge.status != step:
        return ShotChallengeClosed(_PAST_STEP[challenge.status])
    return None


# Why a challenge cannot be answered or attempted, by where it is now.
_PAST_STEP = {
    ShotChallengeStatus.PENDING: "Accept the challenge before attempting it.",
    ShotChallengeStatus.ACCEPTED: "This challenge was already accepted.",
    ShotChallengeStatus.ATTEMPTED: "This challenge was already attempted.",
    ShotChallengeStatus.DECLINED: "This challenge was declined: its coins went back.",
    ShotChallengeStatus.EXPIRED: "This challenge was not attempted in time: its coins went back.",
}
