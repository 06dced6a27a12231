"""Frames of the clips app (sent after commit, through apps.realtime.broadcast)."""

from apps.clips.models import Clip
from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code


def clip_frame(clip: Clip) -> dict:
    return {"id": str(clip.pk), "s": clip.status, "title": clip.title, "url": f"/clips/{clip.pk}/", "error": clip.error}


def send_clip_done(clip: Clip) -> None:
    """`CL` to the clipper's own sockets: their clip is ready (or failed)."""
    if clip.clipped_by_id:
        broadcast(user_group(clip.clipped_by_id), Code.CLIP, clip_frame(clip))
