"""Template filters of the stream pages: chat text (escaped, http(s) links, @mentions) and durations.

`chat_text` mirrors renderText() in static/js/stream.js, so a message looks the same whether
the server or the socket put it on the page.
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.restrictions.models import TIMEOUT_MAX_SECONDS, TIMEOUT_PRESETS
from apps.streaming.models import ChatMessage, MessageKind

register = template.Library()

# Only http(s) addresses become links; quotes and angle brackets end an address.
# @mentions start at a word boundary that is not part of an address or an email.
TOKEN_RE = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"'`]+)|(?P<mention>(?<![\w@/.])@[A-Za-z0-9_](?:[A-Za-z0-9_.+-]*[A-Za-z0-9_])?)",
    re.IGNORECASE | re.ASCII,
)
TRAILING_PUNCTUATION = re.compile(r"[.,!?;:)\]}]+$")


def _link(url: str) -> tuple[str, str]:
    """The address and the punctuation after it that belongs to the sentence, not the link."""
    trailing = TRAILING_PUNCTUATION.search(url)
    if trailing is None:
        return url, ""
    return url[: trailing.start()], trailing.group()


@register.filter(is_safe=True)
def chat_text(text) -> SafeString:
    text = str(text or "")
    parts, position = [], 0
    for match in TOKEN_RE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        if match.group("url"):
            url, trailing = _link(match.group("url"))
            if "://" in url and url.split("://", 1)[1]:
                parts.append(
                    format_html('<a href="{}" rel="nofollow noopener noreferrer" target="_blank">{}</a>', url, url)
                )
            else:
                parts.append(escape(url))
            parts.append(escape(trailing))
        else:
            parts.append(format_html('<span class="mention">{}</span>', match.group()))
        position = match.end()
    parts.append(escape(text[position:]))
    # Safe: every piece above went through escape() or format_html().
    return mark_safe("".join(parts))


@register.filter
def clock(seconds) -> str:
    """1:02:03 for a stream's duration."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def watch_time(seconds) -> str:
    """3 h 12 min for total watch time."""
    seconds = int(seconds or 0)
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if not hours:
        return f"{minutes} min"
    return f"{hours:,} h {minutes} min"


@register.inclusion_tag("streaming/_chat_message.html", takes_context=True)
def empty_chat_message(context):
    """A message with nothing in it, in the chat panel's <template> for static/js/stream.js to copy
    and fill in (its delete form names message 0, which the script replaces)."""
    return context.flatten() | {"message": ChatMessage(pk=0, kind=MessageKind.CHAT, content="")}


# Units for the timeout buttons, largest first: (seconds in one, label). Days from two on: "24 h".
_UNITS = ((86400, "days"), (3600, "h"), (60, "min"), (1, "s"))


def _duration_label(seconds: int) -> str:
    """The label of a timeout ("10 min" for 600), as static/js/chat-tools.js duration() writes it."""
    size, unit = next(u for u in _UNITS if seconds % u[0] == 0 and (u[0] != 86400 or seconds > 86400))
    return f"{seconds // size} {unit}"


@register.simple_tag
def timeout_choices() -> dict:
    """The chat line menu's timeout buttons (the restrictions' presets) and the longest custom one."""
    return {
        "presets": [(seconds, _duration_label(seconds)) for seconds in TIMEOUT_PRESETS],
        "max_seconds": TIMEOUT_MAX_SECONDS,
    }
