"""`{% clip_button stream %}` on the watch page while live, and after it from its recording;
`{% creator_clips user %}` on a profile."""

from django import template

from apps.clips import selectors
from apps.clips.forms import ClipForm
from apps.clips.models import CLIP_WINDOW_SECONDS
from apps.clips.rules import clip_problem
from apps.streaming.models import Status

register = template.Library()


@register.inclusion_tag("clips/_clip_button.html", takes_context=True)
def clip_button(context, stream):
    user = context["request"].user
    live = stream.status == Status.LIVE
    clippable = live or selectors.clip_recording(stream) is not None
    return {
        "stream": stream,
        "shown": clippable and clip_problem(stream, user) is None,
        "from_recording": not live,
        "clip_form": ClipForm(),
        "window": CLIP_WINDOW_SECONDS,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("clips/_creator_clips.html", takes_context=True)
def creator_clips(context, creator):
    return {"clips": selectors.creator_clips(creator=creator, viewer=context["request"].user)}
