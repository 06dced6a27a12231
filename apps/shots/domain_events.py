"""placeholder: S's shot events (the contract's declaration) until t19-shots lands."""

from apps.core.domain_events import Event

SHOT_RECORDED = Event("shot.recorded", fields=("shot_id", "stream_id", "shooter_id", "shot_type", "made", "streak"))
SHOT_UNDONE = Event("shot.undone", fields=("shot_id", "stream_id"))
