"""Realtime payloads of shot challenges: CH (a challenge as it is now) and the ML celebration of a made
one, to everyone on the stream."""

from apps.realtime.broadcast import broadcast_together
from apps.realtime.protocol import Code
from apps.shots.models import ShotChallenge
from apps.streaming.events import author_payload, stream_group

CHALLENGE_MADE = "challenge_made"


def challenge_payload(challenge: ShotChallenge) -> dict:
    return {
        "id": challenge.pk,
        "s": challenge.status,
        "text": challenge.text,
        "coins": challenge.coins,
        "who": author_payload(challenge.challenger),
        "made": challenge.made,
        "expires": int(challenge.expires_at.timestamp() * 1000),
    }


def send_challenge(challenge: ShotChallenge) -> None:
    """CH after the commit; a made one also plays the celebration (ML) in the same message."""
    frames = [(Code.SHOT_CHALLENGE, challenge_payload(challenge))]
    if challenge.made:
        who = author_payload(challenge.challenger)
        frames.append((Code.MILESTONE, {"kind": CHALLENGE_MADE, "text": challenge.text, "who": who}))
    broadcast_together(stream_group(challenge.stream_id), frames)
