"""What the shot tracker tells higher apps (predictions resolve from shots, highlights find streaks).
`streak` is the stream's make streak after the shot (0 after a miss)."""

from apps.core.domain_events import Event

SHOT_RECORDED = Event("shot.recorded", fields=("shot_id", "stream_id", "shooter_id", "shot_type", "made", "streak"))
SHOT_UNDONE = Event("shot.undone", fields=("shot_id", "stream_id"))
